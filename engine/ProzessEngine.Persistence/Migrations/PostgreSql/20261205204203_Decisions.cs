using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProzessEngine.Persistence.Migrations.PostgreSql
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
                    Key = table.Column<long>(type: "bigint", nullable: false),
                    DecisionId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Name = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    VersionTag = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    TenantId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    DecisionRequirementsKey = table.Column<long>(type: "bigint", nullable: false),
                    DecisionRequirementsId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    DeploymentKey = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_decision_definitions", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "decision_requirements",
                columns: table => new
                {
                    Key = table.Column<long>(type: "bigint", nullable: false),
                    DecisionRequirementsId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Name = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    TenantId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ResourceName = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Xml = table.Column<string>(type: "text", nullable: false),
                    Checksum = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DeploymentKey = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                name: "IX_decision_requirements_TenantId_DecisionRequirementsId_Versi~",
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
