using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecureAiChat.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WorkspaceFiscalYearAndTemplateUseDays : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "FiscalYearStartMonth",
                table: "Tenants",
                type: "INTEGER",
                nullable: true);

            // A workspace's fiscal year was kept on its budgets (all of them the same month): it moves to the workspace.
            migrationBuilder.Sql("""
                UPDATE "Tenants" SET "FiscalYearStartMonth" =
                    (SELECT MIN(b."FiscalYearStartMonth") FROM "Budgets" AS b WHERE b."TenantId" = "Tenants"."Id")
                """);

            migrationBuilder.CreateTable(
                name: "TemplateUseDays",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TemplateId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Uses = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TemplateUseDays", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TemplateUseDays_PromptTemplates_TemplateId",
                        column: x => x.TemplateId,
                        principalTable: "PromptTemplates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TemplateUseDays_TemplateId",
                table: "TemplateUseDays",
                column: "TemplateId");

            migrationBuilder.CreateIndex(
                name: "IX_TemplateUseDays_TenantId_Day_TemplateId",
                table: "TemplateUseDays",
                columns: new[] { "TenantId", "Day", "TemplateId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TemplateUseDays");

            migrationBuilder.DropColumn(
                name: "FiscalYearStartMonth",
                table: "Tenants");
        }
    }
}
