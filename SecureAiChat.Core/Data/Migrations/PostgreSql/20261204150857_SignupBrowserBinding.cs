using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecureAiChat.Core.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class SignupBrowserBinding : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "BindingExpiresAt",
                table: "ProvisioningRequests",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BindingTokenHash",
                table: "ProvisioningRequests",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BrowserSecretHash",
                table: "ProvisioningRequests",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StatusId",
                table: "ProvisioningRequests",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            // Requests stored before the status id existed keep their address (it was their id), so their status
            // pages still show progress; they were never bound to a browser, so they get no sign-in link.
            migrationBuilder.Sql("UPDATE \"ProvisioningRequests\" SET \"StatusId\" = \"Id\";");

            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningRequests_BindingTokenHash",
                table: "ProvisioningRequests",
                column: "BindingTokenHash");

            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningRequests_StatusId",
                table: "ProvisioningRequests",
                column: "StatusId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ProvisioningRequests_BindingTokenHash",
                table: "ProvisioningRequests");

            migrationBuilder.DropIndex(
                name: "IX_ProvisioningRequests_StatusId",
                table: "ProvisioningRequests");

            migrationBuilder.DropColumn(
                name: "BindingExpiresAt",
                table: "ProvisioningRequests");

            migrationBuilder.DropColumn(
                name: "BindingTokenHash",
                table: "ProvisioningRequests");

            migrationBuilder.DropColumn(
                name: "BrowserSecretHash",
                table: "ProvisioningRequests");

            migrationBuilder.DropColumn(
                name: "StatusId",
                table: "ProvisioningRequests");
        }
    }
}
