using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecureAiChat.Core.Data.Migrations.SqlServer
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
                    TenantId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Actions = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    CustomTerms = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
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
