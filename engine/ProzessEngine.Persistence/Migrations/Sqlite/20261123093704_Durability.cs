using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProzessEngine.Persistence.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ClaimedUntil",
                table: "timers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FriendlyName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Xml = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_protection_keys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "deleted_instances",
                columns: table => new
                {
                    ProcessInstanceKey = table.Column<long>(type: "INTEGER", nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ProcessId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    JournalEntries = table.Column<int>(type: "INTEGER", nullable: false),
                    JournalHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RetentionDays = table.Column<int>(type: "INTEGER", nullable: false),
                    DeletedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_deleted_instances", x => x.ProcessInstanceKey);
                });

            migrationBuilder.CreateTable(
                name: "node_leases",
                columns: table => new
                {
                    NodeId = table.Column<int>(type: "INTEGER", nullable: false),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AcquiredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
