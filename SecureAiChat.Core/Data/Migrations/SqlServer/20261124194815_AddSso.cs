using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecureAiChat.Core.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AddSso : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "TenantSsoSettings",
                columns: table => new
                {
                    TenantId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    DirectoryId = table.Column<string>(type: "nvarchar(36)", maxLength: 36, nullable: false),
                    Provisioning = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    AllowedDomains = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    SsoRequired = table.Column<bool>(type: "bit", nullable: false),
                    AdminRoleMappings = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    LinkedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    LastSignInAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    LastSignInName = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TenantSsoSettings", x => x.TenantId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TenantSsoSettings_TenantId",
                table: "TenantSsoSettings",
                column: "TenantId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TenantSsoSettings");
        }
    }
}
