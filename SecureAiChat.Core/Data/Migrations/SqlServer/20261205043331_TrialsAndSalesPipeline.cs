using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecureAiChat.Core.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class TrialsAndSalesPipeline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "TrialConvertedAt",
                table: "Tenants",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "TrialEndsAt",
                table: "Tenants",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "TrialReminder2SentAt",
                table: "Tenants",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "TrialReminder7SentAt",
                table: "Tenants",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "TrialStartedAt",
                table: "Tenants",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ConcurrencyStamp",
                table: "SalesLeads",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "LostReason",
                table: "SalesLeads",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NextAction",
                table: "SalesLeads",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "NextActionDue",
                table: "SalesLeads",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Notes",
                table: "SalesLeads",
                type: "nvarchar(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OwnerEmail",
                table: "SalesLeads",
                type: "nvarchar(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Stage",
                table: "SalesLeads",
                type: "nvarchar(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "New");

            migrationBuilder.AddColumn<string>(
                name: "TenantId",
                table: "SalesLeads",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "TrialEndsAt",
                table: "ProvisioningRequests",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SalesLeadChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    LeadId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Actor = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    Field = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    FromValue = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    ToValue = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SalesLeadChanges", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SalesLeadChanges_LeadId",
                table: "SalesLeadChanges",
                column: "LeadId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SalesLeadChanges");

            migrationBuilder.DropColumn(
                name: "TrialConvertedAt",
                table: "Tenants");

            migrationBuilder.DropColumn(
                name: "TrialEndsAt",
                table: "Tenants");

            migrationBuilder.DropColumn(
                name: "TrialReminder2SentAt",
                table: "Tenants");

            migrationBuilder.DropColumn(
                name: "TrialReminder7SentAt",
                table: "Tenants");

            migrationBuilder.DropColumn(
                name: "TrialStartedAt",
                table: "Tenants");

            migrationBuilder.DropColumn(
                name: "ConcurrencyStamp",
                table: "SalesLeads");

            migrationBuilder.DropColumn(
                name: "LostReason",
                table: "SalesLeads");

            migrationBuilder.DropColumn(
                name: "NextAction",
                table: "SalesLeads");

            migrationBuilder.DropColumn(
                name: "NextActionDue",
                table: "SalesLeads");

            migrationBuilder.DropColumn(
                name: "Notes",
                table: "SalesLeads");

            migrationBuilder.DropColumn(
                name: "OwnerEmail",
                table: "SalesLeads");

            migrationBuilder.DropColumn(
                name: "Stage",
                table: "SalesLeads");

            migrationBuilder.DropColumn(
                name: "TenantId",
                table: "SalesLeads");

            migrationBuilder.DropColumn(
                name: "TrialEndsAt",
                table: "ProvisioningRequests");
        }
    }
}
