using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProzessEngine.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Decisions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "decision_definitions",
                columns: table => new
                {
                    Key = table.Column<long>(type: "INTEGER", nullable: false),
                    DecisionId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    VersionTag = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DecisionRequirementsKey = table.Column<long>(type: "INTEGER", nullable: false),
                    DecisionRequirementsId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    DeploymentKey = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_decision_definitions", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "decision_requirements",
                columns: table => new
                {
                    Key = table.Column<long>(type: "INTEGER", nullable: false),
                    DecisionRequirementsId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ResourceName = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Xml = table.Column<string>(type: "TEXT", nullable: false),
                    Checksum = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DeploymentKey = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_decision_requirements", x => x.Key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_decision_definitions_DecisionRequirementsKey",
                table: "decision_definitions",
                column: "DecisionRequirementsKey");

            migrationBuilder.CreateIndex(
                name: "IX_decision_definitions_TenantId_DecisionId_Version",
                table: "decision_definitions",
                columns: new[] { "TenantId", "DecisionId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_decision_requirements_TenantId_DecisionRequirementsId_Version",
                table: "decision_requirements",
                columns: new[] { "TenantId", "DecisionRequirementsId", "Version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "decision_definitions");

            migrationBuilder.DropTable(
                name: "decision_requirements");
        }
    }
}
