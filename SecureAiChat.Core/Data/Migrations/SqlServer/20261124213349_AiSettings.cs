using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecureAiChat.Core.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AiSettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "UsageRecords",
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: false,
                // Every answer before this migration came from the system default.
                defaultValue: "SystemDefault");

            migrationBuilder.CreateTable(
                name: "AiProviderSettings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TenantId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Active = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    MonthlyTokenCap = table.Column<long>(type: "bigint", nullable: true),
                    OpenAiKeyProtected = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    OpenAiKeyMask = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: true),
                    OpenAiOrganization = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    OpenAiProject = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    OpenAiBaseUrl = table.Column<string>(type: "nvarchar(2048)", maxLength: 2048, nullable: true),
                    OpenAiModels = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    OpenAiDefaultModel = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    AzureEndpoint = table.Column<string>(type: "nvarchar(2048)", maxLength: 2048, nullable: true),
                    AzureKeyProtected = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    AzureKeyMask = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: true),
                    AzureDeployments = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    AzureApiVersion = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    CompatibleBaseUrl = table.Column<string>(type: "nvarchar(2048)", maxLength: 2048, nullable: true),
                    CompatibleKeyProtected = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    CompatibleKeyMask = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: true),
                    CompatibleModels = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    ConfirmedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    ConfirmedByUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    UsageReviewedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AiProviderSettings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "UsageAlertNotices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TenantId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Month = table.Column<string>(type: "nvarchar(7)", maxLength: 7, nullable: false),
                    ThresholdPercent = table.Column<int>(type: "int", nullable: false),
                    UsedTokens = table.Column<long>(type: "bigint", nullable: false),
                    AllowanceTokens = table.Column<long>(type: "bigint", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageAlertNotices", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AiProviderSettings_TenantId",
                table: "AiProviderSettings",
                column: "TenantId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UsageAlertNotices_TenantId",
                table: "UsageAlertNotices",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_UsageAlertNotices_TenantId_Month_ThresholdPercent",
                table: "UsageAlertNotices",
                columns: new[] { "TenantId", "Month", "ThresholdPercent" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AiProviderSettings");

            migrationBuilder.DropTable(
                name: "UsageAlertNotices");

            migrationBuilder.DropColumn(
                name: "Source",
                table: "UsageRecords");
        }
    }
}
