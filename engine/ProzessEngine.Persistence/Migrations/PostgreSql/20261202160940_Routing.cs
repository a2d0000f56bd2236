using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProzessEngine.Persistence.Migrations.PostgreSql
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
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DefinitionKey",
                table: "timers",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RemainingRepetitions",
                table: "timers",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "buffered_messages",
                columns: table => new
                {
                    Key = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    CorrelationKey = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    MessageId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    Variables = table.Column<string>(type: "text", nullable: false),
                    TenantId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    PublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_buffered_messages", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "message_subscriptions",
                columns: table => new
                {
                    Key = table.Column<long>(type: "bigint", nullable: false),
                    ProcessInstanceKey = table.Column<long>(type: "bigint", nullable: false),
                    ElementInstanceKey = table.Column<long>(type: "bigint", nullable: false),
                    ProcessId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    ElementId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    MessageName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    CorrelationKey = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Interrupting = table.Column<bool>(type: "boolean", nullable: false),
                    TenantId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_message_subscriptions", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "outbox",
                columns: table => new
                {
                    Key = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    SourceInstanceKey = table.Column<long>(type: "bigint", nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false),
                    TenantId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    LastError = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "signal_subscriptions",
                columns: table => new
                {
                    Key = table.Column<long>(type: "bigint", nullable: false),
                    ProcessInstanceKey = table.Column<long>(type: "bigint", nullable: false),
                    ElementInstanceKey = table.Column<long>(type: "bigint", nullable: false),
                    ElementId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    SignalName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    TenantId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
