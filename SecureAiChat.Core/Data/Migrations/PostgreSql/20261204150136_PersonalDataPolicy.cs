using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecureAiChat.Core.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class PersonalDataPolicy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PersonalDataPolicies",
                columns: table => new
                {
                    TenantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Actions = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    CustomTerms = table.Column<string>(type: "text", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PersonalDataPolicies", x => x.TenantId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PersonalDataPolicies_TenantId",
                table: "PersonalDataPolicies",
                column: "TenantId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PersonalDataPolicies");
        }
    }
}
