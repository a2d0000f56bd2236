using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProzessEngine.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TaskListSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Columns",
                table: "user_tasks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SearchText",
                table: "user_tasks",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Title",
                table: "user_tasks",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "user_task_variables",
                columns: table => new
                {
                    UserTaskKey = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_user_task_variables", x => new { x.UserTaskKey, x.Name });
                    table.ForeignKey(
                        name: "FK_user_task_variables_user_tasks_UserTaskKey",
                        column: x => x.UserTaskKey,
                        principalTable: "user_tasks",
                        principalColumn: "Key",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_user_tasks_list_creation",
                table: "user_tasks",
                columns: new[] { "TenantId", "State", "CreatedAt", "Key" });

            migrationBuilder.CreateIndex(
                name: "IX_user_tasks_list_due_date",
                table: "user_tasks",
                columns: new[] { "TenantId", "State", "DueDate", "Key" });

            migrationBuilder.CreateIndex(
                name: "IX_user_tasks_list_follow_up_date",
                table: "user_tasks",
                columns: new[] { "TenantId", "State", "FollowUpDate", "Key" });

            migrationBuilder.CreateIndex(
                name: "IX_user_tasks_list_priority",
                table: "user_tasks",
                columns: new[] { "TenantId", "State", "Priority", "CreatedAt", "Key" });

            migrationBuilder.CreateIndex(
                name: "IX_user_task_variables_Name_Value_UserTaskKey",
                table: "user_task_variables",
                columns: new[] { "Name", "Value", "UserTaskKey" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "user_task_variables");

            migrationBuilder.DropIndex(
                name: "IX_user_tasks_list_creation",
                table: "user_tasks");

            migrationBuilder.DropIndex(
                name: "IX_user_tasks_list_due_date",
                table: "user_tasks");

            migrationBuilder.DropIndex(
                name: "IX_user_tasks_list_follow_up_date",
                table: "user_tasks");

            migrationBuilder.DropIndex(
                name: "IX_user_tasks_list_priority",
                table: "user_tasks");

            migrationBuilder.DropColumn(
                name: "Columns",
                table: "user_tasks");

            migrationBuilder.DropColumn(
                name: "SearchText",
                table: "user_tasks");

            migrationBuilder.DropColumn(
                name: "Title",
                table: "user_tasks");
        }
    }
}
