using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ProzessEngine.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Durability : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ClaimedBy",
                table: "timers",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ClaimedUntil",
                table: "timers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Xml = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_protection_keys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "deleted_instances",
                columns: table => new
                {
                    ProcessInstanceKey = table.Column<long>(type: "bigint", nullable: false),
                    TenantId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ProcessId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EndedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    JournalEntries = table.Column<int>(type: "integer", nullable: false),
                    JournalHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RetentionDays = table.Column<int>(type: "integer", nullable: false),
                    DeletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_deleted_instances", x => x.ProcessInstanceKey);
                });

            migrationBuilder.CreateTable(
                name: "node_leases",
                columns: table => new
                {
                    NodeId = table.Column<int>(type: "integer", nullable: false),
                    Owner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AcquiredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_node_leases", x => x.NodeId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_process_instances_Status_EndedAt",
                table: "process_instances",
                columns: new[] { "Status", "EndedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_deleted_instances_TenantId_DeletedAt",
                table: "deleted_instances",
                columns: new[] { "TenantId", "DeletedAt" });
            migrationBuilder.Sql(PostgresSchemaSql.CreateCheckFunction);
            migrationBuilder.Sql(PostgresSchemaSql.CreateQuartzTables);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(PostgresSchemaSql.DropQuartzTables);
            migrationBuilder.Sql(PostgresSchemaSql.DropCheckFunction);

            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropTable(
                name: "deleted_instances");

            migrationBuilder.DropTable(
                name: "node_leases");

            migrationBuilder.DropIndex(
                name: "IX_process_instances_Status_EndedAt",
                table: "process_instances");

            migrationBuilder.DropColumn(
                name: "ClaimedBy",
                table: "timers");

            migrationBuilder.DropColumn(
                name: "ClaimedUntil",
                table: "timers");
        }
    }
}
