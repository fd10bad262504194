using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecureAiChat.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddProvisioning : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AlertRules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ThresholdPercent = table.Column<int>(type: "INTEGER", nullable: false),
                    WindowMinutes = table.Column<int>(type: "INTEGER", nullable: true),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AlertRules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OnboardingItems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Phase = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    CompletedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    CompletedByUserId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OnboardingItems", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PromptTemplates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PromptTemplates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProvisioningRequests",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Identifier = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    CompanyName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AdminName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AdminEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    AdminPasswordHash = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    Plan = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Culture = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PlatformBaseUrl = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ClientAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Runs = table.Column<int>(type: "INTEGER", nullable: false),
                    JobId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    AdminUserId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    CompletedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProvisioningRequests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SalesLeads",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CompanyName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ContactName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    ExpectedSeats = table.Column<int>(type: "INTEGER", nullable: true),
                    PreferredPlan = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    DemoRequested = table.Column<bool>(type: "INTEGER", nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Culture = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ClientAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SalesLeads", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SubdomainReservations",
                columns: table => new
                {
                    Identifier = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    RequestId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubdomainReservations", x => x.Identifier);
                });

            migrationBuilder.CreateTable(
                name: "UsageGuidelines",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    IsPublished = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    PublishedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageGuidelines", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WorkspaceLoginLinks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    UsedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkspaceLoginLinks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WorkspaceSettings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AiProvider = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkspaceSettings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProvisioningSteps",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RequestId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Step = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    CompletedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProvisioningSteps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProvisioningSteps_ProvisioningRequests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "ProvisioningRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AlertRules_TenantId",
                table: "AlertRules",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_AlertRules_TenantId_Kind_ThresholdPercent",
                table: "AlertRules",
                columns: new[] { "TenantId", "Kind", "ThresholdPercent" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OnboardingItems_TenantId",
                table: "OnboardingItems",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_OnboardingItems_TenantId_Key",
                table: "OnboardingItems",
                columns: new[] { "TenantId", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PromptTemplates_TenantId",
                table: "PromptTemplates",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_PromptTemplates_TenantId_Key",
                table: "PromptTemplates",
                columns: new[] { "TenantId", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningRequests_CreatedAt",
                table: "ProvisioningRequests",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningRequests_Identifier",
                table: "ProvisioningRequests",
                column: "Identifier");

            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningRequests_TenantId",
                table: "ProvisioningRequests",
                column: "TenantId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningSteps_RequestId_Step",
                table: "ProvisioningSteps",
                columns: new[] { "RequestId", "Step" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SalesLeads_CreatedAt",
                table: "SalesLeads",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_UsageGuidelines_TenantId",
                table: "UsageGuidelines",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_WorkspaceLoginLinks_TenantId",
                table: "WorkspaceLoginLinks",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_WorkspaceLoginLinks_TokenHash",
                table: "WorkspaceLoginLinks",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WorkspaceSettings_TenantId",
                table: "WorkspaceSettings",
                column: "TenantId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AlertRules");

            migrationBuilder.DropTable(
                name: "OnboardingItems");

            migrationBuilder.DropTable(
                name: "PromptTemplates");

            migrationBuilder.DropTable(
                name: "ProvisioningSteps");

            migrationBuilder.DropTable(
                name: "SalesLeads");

            migrationBuilder.DropTable(
                name: "SubdomainReservations");

            migrationBuilder.DropTable(
                name: "UsageGuidelines");

            migrationBuilder.DropTable(
                name: "WorkspaceLoginLinks");

            migrationBuilder.DropTable(
                name: "WorkspaceSettings");

            migrationBuilder.DropTable(
                name: "ProvisioningRequests");
        }
    }
}
