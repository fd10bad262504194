using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecureAiChat.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PlanReview : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PlanReviewedAt",
                table: "WorkspaceSettings",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PlanReviewedAt",
                table: "WorkspaceSettings");
        }
    }
}
