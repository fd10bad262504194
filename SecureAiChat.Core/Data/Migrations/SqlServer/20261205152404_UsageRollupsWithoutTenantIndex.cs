using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecureAiChat.Core.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class UsageRollupsWithoutTenantIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_UsageHourlyRollups_TenantId",
                table: "UsageHourlyRollups");

            migrationBuilder.DropIndex(
                name: "IX_UsageDailyRollups_TenantId",
                table: "UsageDailyRollups");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_UsageHourlyRollups_TenantId",
                table: "UsageHourlyRollups",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_UsageDailyRollups_TenantId",
                table: "UsageDailyRollups",
                column: "TenantId");
        }
    }
}
