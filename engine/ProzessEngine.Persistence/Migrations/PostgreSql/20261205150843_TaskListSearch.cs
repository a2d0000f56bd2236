using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProzessEngine.Persistence.Migrations.PostgreSql
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
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SearchText",
                table: "user_tasks",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Title",
                table: "user_tasks",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "user_task_variables",
                columns: table => new
                {
                    UserTaskKey = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Value = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
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

            // The task list's first pages over a million open tasks: an index per common order, led by tenant and state
            // (every list names both), with the expressions the searches sort by (missing values last, then the key),
            // so that PostgreSQL reads the first page in order instead of sorting every match.
            migrationBuilder.Sql("""
                CREATE INDEX "IX_user_tasks_list_due_date" ON user_tasks ("TenantId", "State", ("DueDate" IS NULL), "DueDate", "Key");
                CREATE INDEX "IX_user_tasks_list_follow_up_date" ON user_tasks ("TenantId", "State", ("FollowUpDate" IS NULL), "FollowUpDate", "Key");
                CREATE INDEX "IX_user_tasks_list_priority" ON user_tasks ("TenantId", "State", "Priority" DESC, "CreatedAt", "Key");
                CREATE INDEX "IX_user_tasks_list_creation" ON user_tasks ("TenantId", "State", "CreatedAt" DESC, "Key");
                """);

            // Free text (title, columns, name) is found through trigrams where the extension can be had (Debian's
            // postgresql ships it; it is trusted since PostgreSQL 13, so the database's owner may create it). Without it
            // the search still works, scanning.
            migrationBuilder.Sql("""
                DO $$
                BEGIN
                    BEGIN
                        CREATE EXTENSION IF NOT EXISTS pg_trgm;
                    EXCEPTION WHEN OTHERS THEN
                        RAISE NOTICE 'pg_trgm is not available (%): the task list''s free-text search runs without an index.', SQLERRM;
                    END;
                    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
                        EXECUTE 'CREATE INDEX "IX_user_tasks_search_text" ON user_tasks USING gin ("SearchText" gin_trgm_ops)';
                    END IF;
                END
                $$;
                """);

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

            migrationBuilder.Sql("""DROP INDEX IF EXISTS "IX_user_tasks_search_text";""");

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
