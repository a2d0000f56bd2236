using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProzessEngine.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class JobKindsAndListenerEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "jobs",
                type: "character varying(30)",
                maxLength: 30,
                nullable: false,
                defaultValue: "BPMN_ELEMENT");

            migrationBuilder.AddColumn<string>(
                name: "ListenerEventType",
                table: "jobs",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Kind",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "ListenerEventType",
                table: "jobs");
        }
    }
}
