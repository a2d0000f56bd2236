using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProzessEngine.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Routing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Cycle",
                table: "timers",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DefinitionKey",
                table: "timers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RemainingRepetitions",
                table: "timers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "buffered_messages",
                columns: table => new
                {
                    Key = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    CorrelationKey = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    Variables = table.Column<string>(type: "TEXT", nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_buffered_messages", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "message_subscriptions",
                columns: table => new
                {
                    Key = table.Column<long>(type: "INTEGER", nullable: false),
                    ProcessInstanceKey = table.Column<long>(type: "INTEGER", nullable: false),
                    ElementInstanceKey = table.Column<long>(type: "INTEGER", nullable: false),
                    ProcessId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    ElementId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    MessageName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    CorrelationKey = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Interrupting = table.Column<bool>(type: "INTEGER", nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_message_subscriptions", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "outbox",
                columns: table => new
                {
                    Key = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    SourceInstanceKey = table.Column<long>(type: "INTEGER", nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "signal_subscriptions",
                columns: table => new
                {
                    Key = table.Column<long>(type: "INTEGER", nullable: false),
                    ProcessInstanceKey = table.Column<long>(type: "INTEGER", nullable: false),
                    ElementInstanceKey = table.Column<long>(type: "INTEGER", nullable: false),
                    ElementId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    SignalName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_signal_subscriptions", x => x.Key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_timers_DefinitionKey",
                table: "timers",
                column: "DefinitionKey");

            migrationBuilder.CreateIndex(
                name: "IX_buffered_messages_ExpiresAt",
                table: "buffered_messages",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_buffered_messages_TenantId_MessageId",
                table: "buffered_messages",
                columns: new[] { "TenantId", "MessageId" });

            migrationBuilder.CreateIndex(
                name: "IX_buffered_messages_TenantId_Name_CorrelationKey",
                table: "buffered_messages",
                columns: new[] { "TenantId", "Name", "CorrelationKey" });

            migrationBuilder.CreateIndex(
                name: "IX_message_subscriptions_ProcessInstanceKey",
                table: "message_subscriptions",
                column: "ProcessInstanceKey");

            migrationBuilder.CreateIndex(
                name: "IX_message_subscriptions_TenantId_MessageName_CorrelationKey",
                table: "message_subscriptions",
                columns: new[] { "TenantId", "MessageName", "CorrelationKey" });

            migrationBuilder.CreateIndex(
                name: "IX_outbox_CreatedAt",
                table: "outbox",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_signal_subscriptions_ProcessInstanceKey",
                table: "signal_subscriptions",
                column: "ProcessInstanceKey");

            migrationBuilder.CreateIndex(
                name: "IX_signal_subscriptions_TenantId_SignalName",
                table: "signal_subscriptions",
                columns: new[] { "TenantId", "SignalName" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "buffered_messages");

            migrationBuilder.DropTable(
                name: "message_subscriptions");

            migrationBuilder.DropTable(
                name: "outbox");

            migrationBuilder.DropTable(
                name: "signal_subscriptions");

            migrationBuilder.DropIndex(
                name: "IX_timers_DefinitionKey",
                table: "timers");

            migrationBuilder.DropColumn(
                name: "Cycle",
                table: "timers");

            migrationBuilder.DropColumn(
                name: "DefinitionKey",
                table: "timers");

            migrationBuilder.DropColumn(
                name: "RemainingRepetitions",
                table: "timers");
        }
    }
}
