using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecureAiChat.Core.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class UsageHourlyRollupWithoutMember : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DepartmentId",
                table: "UsageHourlyRollups");

            migrationBuilder.DropColumn(
                name: "UserId",
                table: "UsageHourlyRollups");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "DepartmentId",
                table: "UsageHourlyRollups",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UserId",
                table: "UsageHourlyRollups",
                type: "character varying(450)",
                maxLength: 450,
                nullable: false,
                defaultValue: "");
        }
    }
}
