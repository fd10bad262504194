using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecureAiChat.Core.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class UsageRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "DepartmentId",
                table: "UsageRecords",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "UsageDailyRollups",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    TenantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: true),
                    Model = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Provider = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Answers = table.Column<int>(type: "integer", nullable: false),
                    Failures = table.Column<int>(type: "integer", nullable: false),
                    InputTokens = table.Column<long>(type: "bigint", nullable: false),
                    OutputTokens = table.Column<long>(type: "bigint", nullable: false),
                    CostYen = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: true),
                    TimeToFirstTokenSumMs = table.Column<long>(type: "bigint", nullable: false),
                    TimeToFirstTokenCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageDailyRollups", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "UsageHourlyRollups",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    HourStartUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    TenantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: true),
                    Model = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Provider = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Answers = table.Column<int>(type: "integer", nullable: false),
                    Failures = table.Column<int>(type: "integer", nullable: false),
                    InputTokens = table.Column<long>(type: "bigint", nullable: false),
                    OutputTokens = table.Column<long>(type: "bigint", nullable: false),
                    CostYen = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: true),
                    TimeToFirstTokenSumMs = table.Column<long>(type: "bigint", nullable: false),
                    TimeToFirstTokenCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageHourlyRollups", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "UsageRollupStates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    WatermarkUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastRunUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageRollupStates", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_UsageDailyRollups_TenantId",
                table: "UsageDailyRollups",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_UsageDailyRollups_TenantId_Day",
                table: "UsageDailyRollups",
                columns: new[] { "TenantId", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_UsageHourlyRollups_TenantId",
                table: "UsageHourlyRollups",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_UsageHourlyRollups_TenantId_HourStartUtc",
                table: "UsageHourlyRollups",
                columns: new[] { "TenantId", "HourStartUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_UsageRollupStates_TenantId",
                table: "UsageRollupStates",
                column: "TenantId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "UsageDailyRollups");

            migrationBuilder.DropTable(
                name: "UsageHourlyRollups");

            migrationBuilder.DropTable(
                name: "UsageRollupStates");

            migrationBuilder.DropColumn(
                name: "DepartmentId",
                table: "UsageRecords");
        }
    }
}
