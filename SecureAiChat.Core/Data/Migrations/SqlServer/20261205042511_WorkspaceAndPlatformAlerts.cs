using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecureAiChat.Core.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class WorkspaceAndPlatformAlerts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "MinimumCount",
                table: "AlertRules",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ThresholdSeconds",
                table: "AlertRules",
                type: "int",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PlatformAlerts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Subject = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    OpenGuard = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Detail = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    OpenedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Value = table.Column<double>(type: "float", nullable: false),
                    Threshold = table.Column<double>(type: "float", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlatformAlerts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WorkspaceAlerts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TenantId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    OpenGuard = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    OpenedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Value = table.Column<double>(type: "float", nullable: false),
                    Threshold = table.Column<double>(type: "float", nullable: false),
                    Detail = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkspaceAlerts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PlatformAlerts_OpenedAt",
                table: "PlatformAlerts",
                column: "OpenedAt");

            migrationBuilder.CreateIndex(
                name: "IX_PlatformAlerts_OpenGuard",
                table: "PlatformAlerts",
                column: "OpenGuard",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WorkspaceAlerts_TenantId",
                table: "WorkspaceAlerts",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_WorkspaceAlerts_TenantId_OpenedAt",
                table: "WorkspaceAlerts",
                columns: new[] { "TenantId", "OpenedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkspaceAlerts_TenantId_OpenGuard",
                table: "WorkspaceAlerts",
                columns: new[] { "TenantId", "OpenGuard" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PlatformAlerts");

            migrationBuilder.DropTable(
                name: "WorkspaceAlerts");

            migrationBuilder.DropColumn(
                name: "MinimumCount",
                table: "AlertRules");

            migrationBuilder.DropColumn(
                name: "ThresholdSeconds",
                table: "AlertRules");
        }
    }
}
