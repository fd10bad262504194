using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecureAiChat.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Onboarding : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Category",
                table: "PromptTemplates",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "CreatedByUserId",
                table: "PromptTemplates",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OwnerUserId",
                table: "PromptTemplates",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "UsageCount",
                table: "PromptTemplates",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "SkipReason",
                table: "OnboardingItems",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "SkippedAt",
                table: "OnboardingItems",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SkippedByUserId",
                table: "OnboardingItems",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ProfileSavedAt",
                table: "AspNetUsers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "FeedbackEntries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Rating = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedbackEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "GuidelineAcceptances",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    VersionNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    AcceptedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GuidelineAcceptances", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "GuidelineVersions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    PublishedByUserId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    PublishedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GuidelineVersions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OnboardingWizardStates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CurrentStep = table.Column<int>(type: "INTEGER", nullable: false),
                    OwnerSeenAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OnboardingWizardStates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PromptLibrarySettings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    MembersMayShare = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PromptLibrarySettings", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PromptTemplates_TenantId_OwnerUserId",
                table: "PromptTemplates",
                columns: new[] { "TenantId", "OwnerUserId" });

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackEntries_CreatedAt",
                table: "FeedbackEntries",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackEntries_TenantId",
                table: "FeedbackEntries",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_GuidelineAcceptances_TenantId",
                table: "GuidelineAcceptances",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_GuidelineAcceptances_TenantId_UserId_VersionNumber",
                table: "GuidelineAcceptances",
                columns: new[] { "TenantId", "UserId", "VersionNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_GuidelineVersions_TenantId",
                table: "GuidelineVersions",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_GuidelineVersions_TenantId_Number",
                table: "GuidelineVersions",
                columns: new[] { "TenantId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OnboardingWizardStates_TenantId",
                table: "OnboardingWizardStates",
                column: "TenantId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PromptLibrarySettings_TenantId",
                table: "PromptLibrarySettings",
                column: "TenantId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FeedbackEntries");

            migrationBuilder.DropTable(
                name: "GuidelineAcceptances");

            migrationBuilder.DropTable(
                name: "GuidelineVersions");

            migrationBuilder.DropTable(
                name: "OnboardingWizardStates");

            migrationBuilder.DropTable(
                name: "PromptLibrarySettings");

            migrationBuilder.DropIndex(
                name: "IX_PromptTemplates_TenantId_OwnerUserId",
                table: "PromptTemplates");

            migrationBuilder.DropColumn(
                name: "Category",
                table: "PromptTemplates");

            migrationBuilder.DropColumn(
                name: "CreatedByUserId",
                table: "PromptTemplates");

            migrationBuilder.DropColumn(
                name: "OwnerUserId",
                table: "PromptTemplates");

            migrationBuilder.DropColumn(
                name: "UsageCount",
                table: "PromptTemplates");

            migrationBuilder.DropColumn(
                name: "SkipReason",
                table: "OnboardingItems");

            migrationBuilder.DropColumn(
                name: "SkippedAt",
                table: "OnboardingItems");

            migrationBuilder.DropColumn(
                name: "SkippedByUserId",
                table: "OnboardingItems");

            migrationBuilder.DropColumn(
                name: "ProfileSavedAt",
                table: "AspNetUsers");
        }
    }
}
