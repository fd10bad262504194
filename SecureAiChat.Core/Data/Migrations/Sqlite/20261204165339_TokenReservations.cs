using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecureAiChat.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TokenReservations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "TokenPools",
                columns: table => new
                {
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Pool = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TokenPools", x => new { x.TenantId, x.Pool });
                });

            migrationBuilder.CreateTable(
                name: "TokenReservations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Pool = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Tokens = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TokenReservations", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TokenPools_TenantId",
                table: "TokenPools",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_TokenReservations_ExpiresAt",
                table: "TokenReservations",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_TokenReservations_TenantId",
                table: "TokenReservations",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_TokenReservations_TenantId_Pool_ExpiresAt",
                table: "TokenReservations",
                columns: new[] { "TenantId", "Pool", "ExpiresAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TokenPools");

            migrationBuilder.DropTable(
                name: "TokenReservations");
        }
    }
}
