using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProzessEngine.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class MessageIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Depth",
                table: "buffered_messages",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "message_ids",
                columns: table => new
                {
                    TenantId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    MessageId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    MessageKey = table.Column<long>(type: "bigint", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_message_ids", x => new { x.TenantId, x.MessageId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_message_ids_ExpiresAt",
                table: "message_ids",
                column: "ExpiresAt");

            // Messages buffered before ids were kept here take their ids along: one row per tenant and id, also where the
            // race this table closes had left several buffered copies of one message.
            migrationBuilder.Sql("""
                INSERT INTO message_ids ("TenantId", "MessageId", "MessageKey", "ExpiresAt")
                SELECT "TenantId", "MessageId", max("Key"), max("ExpiresAt") FROM buffered_messages
                WHERE "MessageId" IS NOT NULL AND "MessageId" <> ''
                GROUP BY "TenantId", "MessageId"
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "message_ids");

            migrationBuilder.DropColumn(
                name: "Depth",
                table: "buffered_messages");
        }
    }
}
