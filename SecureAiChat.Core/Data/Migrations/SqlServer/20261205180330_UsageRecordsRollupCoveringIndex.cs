using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecureAiChat.Core.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class UsageRecordsRollupCoveringIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_UsageRecords_TenantId",
                table: "UsageRecords");

            migrationBuilder.DropIndex(
                name: "IX_UsageRecords_TenantId_CreatedAt",
                table: "UsageRecords");

            migrationBuilder.CreateIndex(
                name: "IX_UsageRecords_TenantId_CreatedAt",
                table: "UsageRecords",
                columns: new[] { "TenantId", "CreatedAt" })
                .Annotation("SqlServer:Include", new[] { "UserId", "DepartmentId", "Model", "Provider", "Source", "Status", "InputTokens", "OutputTokens", "TimeToFirstTokenMs" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_UsageRecords_TenantId_CreatedAt",
                table: "UsageRecords");

            migrationBuilder.CreateIndex(
                name: "IX_UsageRecords_TenantId",
                table: "UsageRecords",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_UsageRecords_TenantId_CreatedAt",
                table: "UsageRecords",
                columns: new[] { "TenantId", "CreatedAt" });
        }
    }
}
