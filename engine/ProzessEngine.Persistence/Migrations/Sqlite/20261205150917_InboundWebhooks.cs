using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProzessEngine.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InboundWebhooks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "idempotency_keys",
                columns: table => new
                {
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    RequestHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Headers = table.Column<string>(type: "TEXT", nullable: true),
                    Body = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_idempotency_keys", x => new { x.TenantId, x.Scope, x.IdempotencyKey });
                });

            migrationBuilder.CreateTable(
                name: "webhook_contexts",
                columns: table => new
                {
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Context = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ProcessId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    DefinitionKey = table.Column<long>(type: "INTEGER", nullable: false),
                    ElementId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webhook_contexts", x => new { x.TenantId, x.Context });
                });

            migrationBuilder.CreateIndex(
                name: "IX_idempotency_keys_ExpiresAt",
                table: "idempotency_keys",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_webhook_contexts_TenantId_ProcessId",
                table: "webhook_contexts",
                columns: new[] { "TenantId", "ProcessId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "idempotency_keys");

            migrationBuilder.DropTable(
                name: "webhook_contexts");
        }
    }
}
