using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecureAiChat.Core.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class UsageMonthlyReport : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "UsageMonthlyReportNotices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Month = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageMonthlyReportNotices", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_UsageMonthlyReportNotices_TenantId",
                table: "UsageMonthlyReportNotices",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_UsageMonthlyReportNotices_TenantId_Month",
                table: "UsageMonthlyReportNotices",
                columns: new[] { "TenantId", "Month" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "UsageMonthlyReportNotices");
        }
    }
}
