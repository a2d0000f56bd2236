using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProzessEngine.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class FourEyesSubstitutionsComments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CompletedOnBehalfOf",
                table: "user_tasks",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OnBehalfOf",
                table: "journal",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "known_users",
                columns: table => new
                {
                    TenantId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    UserId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DisplayName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Groups = table.Column<string>(type: "text", nullable: false),
                    SignedInAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_known_users", x => new { x.TenantId, x.UserId });
                });

            migrationBuilder.CreateTable(
                name: "substitutions",
                columns: table => new
                {
                    Key = table.Column<long>(type: "bigint", nullable: false),
                    TenantId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    AbsentUserId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    From = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_substitutions", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "task_comments",
                columns: table => new
                {
                    Key = table.Column<long>(type: "bigint", nullable: false),
                    UserTaskKey = table.Column<long>(type: "bigint", nullable: false),
                    ProcessInstanceKey = table.Column<long>(type: "bigint", nullable: false),
                    TenantId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Author = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    OnBehalfOf = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    JournalSequence = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_task_comments", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "substitution_deputies",
                columns: table => new
                {
                    SubstitutionKey = table.Column<long>(type: "bigint", nullable: false),
                    DeputyUserId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_substitution_deputies", x => new { x.SubstitutionKey, x.DeputyUserId });
                    table.ForeignKey(
                        name: "FK_substitution_deputies_substitutions_SubstitutionKey",
                        column: x => x.SubstitutionKey,
                        principalTable: "substitutions",
                        principalColumn: "Key",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_substitution_deputies_DeputyUserId",
                table: "substitution_deputies",
                column: "DeputyUserId");

            migrationBuilder.CreateIndex(
                name: "IX_substitutions_TenantId_AbsentUserId_Until",
                table: "substitutions",
                columns: new[] { "TenantId", "AbsentUserId", "Until" });

            migrationBuilder.CreateIndex(
                name: "IX_task_comments_ProcessInstanceKey_JournalSequence",
                table: "task_comments",
                columns: new[] { "ProcessInstanceKey", "JournalSequence" });

            migrationBuilder.CreateIndex(
                name: "IX_task_comments_UserTaskKey_JournalSequence",
                table: "task_comments",
                columns: new[] { "UserTaskKey", "JournalSequence" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "known_users");

            migrationBuilder.DropTable(
                name: "substitution_deputies");

            migrationBuilder.DropTable(
                name: "task_comments");

            migrationBuilder.DropTable(
                name: "substitutions");

            migrationBuilder.DropColumn(
                name: "CompletedOnBehalfOf",
                table: "user_tasks");

            migrationBuilder.DropColumn(
                name: "OnBehalfOf",
                table: "journal");
        }
    }
}
