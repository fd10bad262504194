IF OBJECT_ID(N'[__EFMigrationsHistory]') IS NULL
BEGIN
    CREATE TABLE [__EFMigrationsHistory] (
        [MigrationId] nvarchar(150) NOT NULL,
        [ProductVersion] nvarchar(32) NOT NULL,
        CONSTRAINT [PK___EFMigrationsHistory] PRIMARY KEY ([MigrationId])
    );
END;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE TABLE [AlertRules] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [Kind] nvarchar(32) NOT NULL,
        [ThresholdPercent] int NOT NULL,
        [WindowMinutes] int NULL,
        [Enabled] bit NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_AlertRules] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE TABLE [AspNetRoles] (
        [Id] nvarchar(450) NOT NULL,
        [Name] nvarchar(256) NULL,
        [NormalizedName] nvarchar(256) NULL,
        [ConcurrencyStamp] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetRoles] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE TABLE [AspNetUsers] (
        [Id] nvarchar(450) NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [DisplayName] nvarchar(100) NOT NULL,
        [Culture] nvarchar(16) NULL,
        [TimeZoneId] nvarchar(64) NOT NULL,
        [IsActive] bit NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [LastActiveAt] datetimeoffset NULL,
        [UserName] nvarchar(256) NULL,
        [NormalizedUserName] nvarchar(256) NULL,
        [Email] nvarchar(256) NULL,
        [NormalizedEmail] nvarchar(256) NULL,
        [EmailConfirmed] bit NOT NULL,
        [PasswordHash] nvarchar(max) NULL,
        [SecurityStamp] nvarchar(max) NULL,
        [ConcurrencyStamp] nvarchar(max) NULL,
        [PhoneNumber] nvarchar(256) NULL,
        [PhoneNumberConfirmed] bit NOT NULL,
        [TwoFactorEnabled] bit NOT NULL,
        [LockoutEnd] datetimeoffset NULL,
        [LockoutEnabled] bit NOT NULL,
        [AccessFailedCount] int NOT NULL,
        CONSTRAINT [PK_AspNetUsers] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE TABLE [Conversations] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [UserId] nvarchar(450) NOT NULL,
        [Title] nvarchar(200) NOT NULL,
        [Model] nvarchar(200) NOT NULL,
        [SystemPrompt] nvarchar(max) NULL,
        [CreatedAt] datetime2 NOT NULL,
        [UpdatedAt] datetime2 NOT NULL,
        CONSTRAINT [PK_Conversations] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE TABLE [DataProtectionKeys] (
        [Id] int NOT NULL IDENTITY,
        [FriendlyName] nvarchar(max) NULL,
        [Xml] nvarchar(max) NULL,
        CONSTRAINT [PK_DataProtectionKeys] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE TABLE [OnboardingItems] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [Key] nvarchar(64) NOT NULL,
        [Phase] nvarchar(16) NOT NULL,
        [SortOrder] int NOT NULL,
        [CompletedAt] datetimeoffset NULL,
        [CompletedByUserId] nvarchar(128) NULL,
        CONSTRAINT [PK_OnboardingItems] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE TABLE [PromptTemplates] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [Key] nvarchar(64) NULL,
        [Title] nvarchar(100) NOT NULL,
        [Description] nvarchar(400) NOT NULL,
        [Body] nvarchar(max) NOT NULL,
        [SortOrder] int NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_PromptTemplates] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE TABLE [ProvisioningRequests] (
        [Id] nvarchar(64) NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [Identifier] nvarchar(30) NOT NULL,
        [CompanyName] nvarchar(200) NOT NULL,
        [AdminName] nvarchar(100) NOT NULL,
        [AdminEmail] nvarchar(256) NOT NULL,
        [AdminPasswordHash] nvarchar(512) NULL,
        [Plan] nvarchar(32) NOT NULL,
        [Culture] nvarchar(16) NOT NULL,
        [PlatformBaseUrl] nvarchar(256) NOT NULL,
        [ClientAddress] nvarchar(64) NULL,
        [Status] nvarchar(16) NOT NULL,
        [Runs] int NOT NULL,
        [JobId] nvarchar(64) NULL,
        [AdminUserId] nvarchar(128) NULL,
        [Error] nvarchar(2000) NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [CompletedAt] datetimeoffset NULL,
        [ConcurrencyStamp] nvarchar(64) NOT NULL,
        CONSTRAINT [PK_ProvisioningRequests] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE TABLE [SalesLeads] (
        [Id] uniqueidentifier NOT NULL,
        [CompanyName] nvarchar(200) NOT NULL,
        [ContactName] nvarchar(100) NOT NULL,
        [Email] nvarchar(256) NOT NULL,
        [Phone] nvarchar(32) NULL,
        [ExpectedSeats] int NULL,
        [PreferredPlan] nvarchar(32) NULL,
        [DemoRequested] bit NOT NULL,
        [Message] nvarchar(4000) NULL,
        [Culture] nvarchar(16) NOT NULL,
        [ClientAddress] nvarchar(64) NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_SalesLeads] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE TABLE [SubdomainReservations] (
        [Identifier] nvarchar(30) NOT NULL,
        [RequestId] nvarchar(64) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_SubdomainReservations] PRIMARY KEY ([Identifier])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE TABLE [Tenants] (
        [Id] nvarchar(64) NOT NULL,
        [Identifier] nvarchar(30) NOT NULL,
        [Name] nvarchar(200) NOT NULL,
        [Plan] nvarchar(32) NOT NULL,
        [Status] nvarchar(32) NOT NULL,
        [TimeZoneId] nvarchar(64) NOT NULL,
        [DefaultCulture] nvarchar(16) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [SuspendedAt] datetimeoffset NULL,
        CONSTRAINT [PK_Tenants] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE TABLE [TenantSsoSettings] (
        [TenantId] nvarchar(64) NOT NULL,
        [DirectoryId] nvarchar(36) NOT NULL,
        [Provisioning] nvarchar(20) NOT NULL,
        [AllowedDomains] nvarchar(1000) NOT NULL,
        [SsoRequired] bit NOT NULL,
        [AdminRoleMappings] nvarchar(2000) NOT NULL,
        [LinkedAt] datetimeoffset NOT NULL,
        [LastSignInAt] datetimeoffset NULL,
        [LastSignInName] nvarchar(256) NULL,
        CONSTRAINT [PK_TenantSsoSettings] PRIMARY KEY ([TenantId])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE TABLE [UsageGuidelines] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [Title] nvarchar(200) NOT NULL,
        [Body] nvarchar(max) NOT NULL,
        [IsPublished] bit NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [PublishedAt] datetimeoffset NULL,
        CONSTRAINT [PK_UsageGuidelines] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE TABLE [UsageRecords] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [UserId] nvarchar(450) NOT NULL,
        [ConversationId] uniqueidentifier NULL,
        [Provider] nvarchar(32) NOT NULL,
        [Model] nvarchar(200) NOT NULL,
        [InputTokens] int NOT NULL,
        [OutputTokens] int NOT NULL,
        [ReportedByProvider] bit NOT NULL,
        [TimeToFirstTokenMs] int NULL,
        [DurationMs] int NOT NULL,
        [Status] nvarchar(16) NOT NULL,
        [CreatedAt] datetime2 NOT NULL,
        CONSTRAINT [PK_UsageRecords] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE TABLE [WorkspaceLoginLinks] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [UserId] nvarchar(128) NOT NULL,
        [TokenHash] nvarchar(64) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [ExpiresAt] datetimeoffset NOT NULL,
        [UsedAt] datetimeoffset NULL,
        CONSTRAINT [PK_WorkspaceLoginLinks] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE TABLE [WorkspaceSettings] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [AiProvider] nvarchar(32) NOT NULL,
        [UpdatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_WorkspaceSettings] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE TABLE [AspNetRoleClaims] (
        [Id] int NOT NULL IDENTITY,
        [RoleId] nvarchar(450) NOT NULL,
        [ClaimType] nvarchar(max) NULL,
        [ClaimValue] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetRoleClaims] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AspNetRoleClaims_AspNetRoles_RoleId] FOREIGN KEY ([RoleId]) REFERENCES [AspNetRoles] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE TABLE [AspNetUserClaims] (
        [Id] int NOT NULL IDENTITY,
        [TenantId] nvarchar(64) NOT NULL,
        [UserId] nvarchar(450) NOT NULL,
        [ClaimType] nvarchar(max) NULL,
        [ClaimValue] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetUserClaims] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AspNetUserClaims_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE TABLE [AspNetUserLogins] (
        [LoginProvider] nvarchar(128) NOT NULL,
        [ProviderKey] nvarchar(128) NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [ProviderDisplayName] nvarchar(max) NULL,
        [UserId] nvarchar(450) NOT NULL,
        CONSTRAINT [PK_AspNetUserLogins] PRIMARY KEY ([TenantId], [LoginProvider], [ProviderKey]),
        CONSTRAINT [FK_AspNetUserLogins_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE TABLE [AspNetUserPasskeys] (
        [CredentialId] varbinary(1024) NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [UserId] nvarchar(450) NOT NULL,
        [Data] nvarchar(max) NOT NULL,
        CONSTRAINT [PK_AspNetUserPasskeys] PRIMARY KEY ([CredentialId]),
        CONSTRAINT [FK_AspNetUserPasskeys_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE TABLE [AspNetUserRoles] (
        [UserId] nvarchar(450) NOT NULL,
        [RoleId] nvarchar(450) NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        CONSTRAINT [PK_AspNetUserRoles] PRIMARY KEY ([UserId], [RoleId]),
        CONSTRAINT [FK_AspNetUserRoles_AspNetRoles_RoleId] FOREIGN KEY ([RoleId]) REFERENCES [AspNetRoles] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_AspNetUserRoles_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE TABLE [AspNetUserTokens] (
        [UserId] nvarchar(450) NOT NULL,
        [LoginProvider] nvarchar(128) NOT NULL,
        [Name] nvarchar(128) NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [Value] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetUserTokens] PRIMARY KEY ([UserId], [LoginProvider], [Name]),
        CONSTRAINT [FK_AspNetUserTokens_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE TABLE [ChatMessages] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [ConversationId] uniqueidentifier NOT NULL,
        [Role] nvarchar(16) NOT NULL,
        [Content] nvarchar(max) NOT NULL,
        [RenderedHtml] nvarchar(max) NULL,
        [Status] nvarchar(16) NOT NULL,
        [Model] nvarchar(200) NULL,
        [FailureCode] nvarchar(32) NULL,
        [RetryAfterSeconds] int NULL,
        [CreatedAt] datetime2 NOT NULL,
        CONSTRAINT [PK_ChatMessages] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_ChatMessages_Conversations_ConversationId] FOREIGN KEY ([ConversationId]) REFERENCES [Conversations] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE TABLE [ProvisioningSteps] (
        [Id] bigint NOT NULL IDENTITY,
        [RequestId] nvarchar(64) NOT NULL,
        [Step] nvarchar(32) NOT NULL,
        [Status] nvarchar(16) NOT NULL,
        [Attempts] int NOT NULL,
        [StartedAt] datetimeoffset NULL,
        [CompletedAt] datetimeoffset NULL,
        [Error] nvarchar(2000) NULL,
        CONSTRAINT [PK_ProvisioningSteps] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_ProvisioningSteps_ProvisioningRequests_RequestId] FOREIGN KEY ([RequestId]) REFERENCES [ProvisioningRequests] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    IF EXISTS (SELECT * FROM [sys].[identity_columns] WHERE [name] IN (N'Id', N'ConcurrencyStamp', N'Name', N'NormalizedName') AND [object_id] = OBJECT_ID(N'[AspNetRoles]'))
        SET IDENTITY_INSERT [AspNetRoles] ON;
    EXEC(N'INSERT INTO [AspNetRoles] ([Id], [ConcurrencyStamp], [Name], [NormalizedName])
    VALUES (N''admin'', N''Admin'', N''Admin'', N''ADMIN''),
    (N''member'', N''Member'', N''Member'', N''MEMBER''),
    (N''operator'', N''Operator'', N''Operator'', N''OPERATOR''),
    (N''owner'', N''Owner'', N''Owner'', N''OWNER'')');
    IF EXISTS (SELECT * FROM [sys].[identity_columns] WHERE [name] IN (N'Id', N'ConcurrencyStamp', N'Name', N'NormalizedName') AND [object_id] = OBJECT_ID(N'[AspNetRoles]'))
        SET IDENTITY_INSERT [AspNetRoles] OFF;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AlertRules_TenantId] ON [AlertRules] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE UNIQUE INDEX [IX_AlertRules_TenantId_Kind_ThresholdPercent] ON [AlertRules] ([TenantId], [Kind], [ThresholdPercent]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AspNetRoleClaims_RoleId] ON [AspNetRoleClaims] ([RoleId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [RoleNameIndex] ON [AspNetRoles] ([NormalizedName]) WHERE [NormalizedName] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AspNetUserClaims_TenantId] ON [AspNetUserClaims] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AspNetUserClaims_UserId] ON [AspNetUserClaims] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AspNetUserLogins_TenantId] ON [AspNetUserLogins] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AspNetUserLogins_UserId] ON [AspNetUserLogins] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AspNetUserPasskeys_TenantId] ON [AspNetUserPasskeys] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AspNetUserPasskeys_UserId] ON [AspNetUserPasskeys] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AspNetUserRoles_RoleId] ON [AspNetUserRoles] ([RoleId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AspNetUserRoles_TenantId] ON [AspNetUserRoles] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [EmailIndex] ON [AspNetUsers] ([TenantId], [NormalizedEmail]) WHERE [NormalizedEmail] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AspNetUsers_TenantId] ON [AspNetUsers] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [UserNameIndex] ON [AspNetUsers] ([TenantId], [NormalizedUserName]) WHERE [NormalizedUserName] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AspNetUserTokens_TenantId] ON [AspNetUserTokens] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_ChatMessages_ConversationId_CreatedAt] ON [ChatMessages] ([ConversationId], [CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_ChatMessages_TenantId] ON [ChatMessages] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_Conversations_TenantId] ON [Conversations] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_Conversations_TenantId_UserId_UpdatedAt] ON [Conversations] ([TenantId], [UserId], [UpdatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_OnboardingItems_TenantId] ON [OnboardingItems] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE UNIQUE INDEX [IX_OnboardingItems_TenantId_Key] ON [OnboardingItems] ([TenantId], [Key]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_PromptTemplates_TenantId] ON [PromptTemplates] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [IX_PromptTemplates_TenantId_Key] ON [PromptTemplates] ([TenantId], [Key]) WHERE [Key] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_ProvisioningRequests_CreatedAt] ON [ProvisioningRequests] ([CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_ProvisioningRequests_Identifier] ON [ProvisioningRequests] ([Identifier]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE UNIQUE INDEX [IX_ProvisioningRequests_TenantId] ON [ProvisioningRequests] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE UNIQUE INDEX [IX_ProvisioningSteps_RequestId_Step] ON [ProvisioningSteps] ([RequestId], [Step]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_SalesLeads_CreatedAt] ON [SalesLeads] ([CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Tenants_Identifier] ON [Tenants] ([Identifier]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_TenantSsoSettings_TenantId] ON [TenantSsoSettings] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_UsageGuidelines_TenantId] ON [UsageGuidelines] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_UsageRecords_TenantId] ON [UsageRecords] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_UsageRecords_TenantId_CreatedAt] ON [UsageRecords] ([TenantId], [CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_WorkspaceLoginLinks_TenantId] ON [WorkspaceLoginLinks] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE UNIQUE INDEX [IX_WorkspaceLoginLinks_TokenHash] ON [WorkspaceLoginLinks] ([TokenHash]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    CREATE UNIQUE INDEX [IX_WorkspaceSettings_TenantId] ON [WorkspaceSettings] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124203056_InitialCreate'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261124203056_InitialCreate', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124212934_Onboarding'
)
BEGIN
    ALTER TABLE [PromptTemplates] ADD [Category] nvarchar(40) NOT NULL DEFAULT N'';
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124212934_Onboarding'
)
BEGIN
    ALTER TABLE [PromptTemplates] ADD [CreatedByUserId] nvarchar(128) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124212934_Onboarding'
)
BEGIN
    ALTER TABLE [PromptTemplates] ADD [OwnerUserId] nvarchar(128) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124212934_Onboarding'
)
BEGIN
    ALTER TABLE [PromptTemplates] ADD [UsageCount] int NOT NULL DEFAULT 0;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124212934_Onboarding'
)
BEGIN
    ALTER TABLE [OnboardingItems] ADD [SkipReason] nvarchar(500) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124212934_Onboarding'
)
BEGIN
    ALTER TABLE [OnboardingItems] ADD [SkippedAt] datetimeoffset NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124212934_Onboarding'
)
BEGIN
    ALTER TABLE [OnboardingItems] ADD [SkippedByUserId] nvarchar(128) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124212934_Onboarding'
)
BEGIN
    ALTER TABLE [AspNetUsers] ADD [ProfileSavedAt] datetimeoffset NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124212934_Onboarding'
)
BEGIN
    CREATE TABLE [FeedbackEntries] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [UserId] nvarchar(128) NOT NULL,
        [Rating] int NOT NULL,
        [Text] nvarchar(4000) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_FeedbackEntries] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124212934_Onboarding'
)
BEGIN
    CREATE TABLE [GuidelineAcceptances] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [UserId] nvarchar(128) NOT NULL,
        [VersionNumber] int NOT NULL,
        [AcceptedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_GuidelineAcceptances] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124212934_Onboarding'
)
BEGIN
    CREATE TABLE [GuidelineVersions] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [Number] int NOT NULL,
        [Title] nvarchar(200) NOT NULL,
        [Body] nvarchar(max) NOT NULL,
        [PublishedByUserId] nvarchar(128) NOT NULL,
        [PublishedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_GuidelineVersions] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124212934_Onboarding'
)
BEGIN
    CREATE TABLE [OnboardingWizardStates] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [CurrentStep] int NOT NULL,
        [OwnerSeenAt] datetimeoffset NULL,
        CONSTRAINT [PK_OnboardingWizardStates] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124212934_Onboarding'
)
BEGIN
    CREATE TABLE [PromptLibrarySettings] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [MembersMayShare] bit NOT NULL,
        CONSTRAINT [PK_PromptLibrarySettings] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124212934_Onboarding'
)
BEGIN
    CREATE INDEX [IX_PromptTemplates_TenantId_OwnerUserId] ON [PromptTemplates] ([TenantId], [OwnerUserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124212934_Onboarding'
)
BEGIN
    CREATE INDEX [IX_FeedbackEntries_CreatedAt] ON [FeedbackEntries] ([CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124212934_Onboarding'
)
BEGIN
    CREATE INDEX [IX_FeedbackEntries_TenantId] ON [FeedbackEntries] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124212934_Onboarding'
)
BEGIN
    CREATE INDEX [IX_GuidelineAcceptances_TenantId] ON [GuidelineAcceptances] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124212934_Onboarding'
)
BEGIN
    CREATE UNIQUE INDEX [IX_GuidelineAcceptances_TenantId_UserId_VersionNumber] ON [GuidelineAcceptances] ([TenantId], [UserId], [VersionNumber]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124212934_Onboarding'
)
BEGIN
    CREATE INDEX [IX_GuidelineVersions_TenantId] ON [GuidelineVersions] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124212934_Onboarding'
)
BEGIN
    CREATE UNIQUE INDEX [IX_GuidelineVersions_TenantId_Number] ON [GuidelineVersions] ([TenantId], [Number]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124212934_Onboarding'
)
BEGIN
    CREATE UNIQUE INDEX [IX_OnboardingWizardStates_TenantId] ON [OnboardingWizardStates] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124212934_Onboarding'
)
BEGIN
    CREATE UNIQUE INDEX [IX_PromptLibrarySettings_TenantId] ON [PromptLibrarySettings] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124212934_Onboarding'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261124212934_Onboarding', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124213349_AiSettings'
)
BEGIN
    ALTER TABLE [UsageRecords] ADD [Source] nvarchar(32) NOT NULL DEFAULT N'SystemDefault';
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124213349_AiSettings'
)
BEGIN
    CREATE TABLE [AiProviderSettings] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [Active] nvarchar(32) NOT NULL,
        [MonthlyTokenCap] bigint NULL,
        [OpenAiKeyProtected] nvarchar(4000) NULL,
        [OpenAiKeyMask] nvarchar(32) NULL,
        [OpenAiOrganization] nvarchar(200) NULL,
        [OpenAiProject] nvarchar(200) NULL,
        [OpenAiBaseUrl] nvarchar(2048) NULL,
        [OpenAiModels] nvarchar(4000) NULL,
        [OpenAiDefaultModel] nvarchar(200) NULL,
        [AzureEndpoint] nvarchar(2048) NULL,
        [AzureKeyProtected] nvarchar(4000) NULL,
        [AzureKeyMask] nvarchar(32) NULL,
        [AzureDeployments] nvarchar(4000) NULL,
        [AzureApiVersion] nvarchar(40) NULL,
        [CompatibleBaseUrl] nvarchar(2048) NULL,
        [CompatibleKeyProtected] nvarchar(4000) NULL,
        [CompatibleKeyMask] nvarchar(32) NULL,
        [CompatibleModels] nvarchar(4000) NULL,
        [ConfirmedAt] datetimeoffset NULL,
        [ConfirmedByUserId] nvarchar(450) NULL,
        [UsageReviewedAt] datetimeoffset NULL,
        [UpdatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_AiProviderSettings] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124213349_AiSettings'
)
BEGIN
    CREATE TABLE [UsageAlertNotices] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [Month] nvarchar(7) NOT NULL,
        [ThresholdPercent] int NOT NULL,
        [UsedTokens] bigint NOT NULL,
        [AllowanceTokens] bigint NOT NULL,
        [SentAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_UsageAlertNotices] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124213349_AiSettings'
)
BEGIN
    CREATE UNIQUE INDEX [IX_AiProviderSettings_TenantId] ON [AiProviderSettings] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124213349_AiSettings'
)
BEGIN
    CREATE INDEX [IX_UsageAlertNotices_TenantId] ON [UsageAlertNotices] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124213349_AiSettings'
)
BEGIN
    CREATE UNIQUE INDEX [IX_UsageAlertNotices_TenantId_Month_ThresholdPercent] ON [UsageAlertNotices] ([TenantId], [Month], [ThresholdPercent]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124213349_AiSettings'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261124213349_AiSettings', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124213352_Team'
)
BEGIN
    ALTER TABLE [AspNetUsers] ADD [DepartmentId] uniqueidentifier NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124213352_Team'
)
BEGIN
    CREATE TABLE [Departments] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [Name] nvarchar(50) NOT NULL,
        [ChatEnabled] bit NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_Departments] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124213352_Team'
)
BEGIN
    CREATE TABLE [Invitations] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [Email] nvarchar(256) NOT NULL,
        [NormalizedEmail] nvarchar(256) NOT NULL,
        [Role] nvarchar(16) NOT NULL,
        [DepartmentId] uniqueidentifier NULL,
        [TokenHash] nvarchar(64) NOT NULL,
        [InvitedByUserId] nvarchar(128) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [SentAt] datetimeoffset NOT NULL,
        [ExpiresAt] datetimeoffset NOT NULL,
        [AcceptedAt] datetimeoffset NULL,
        [AcceptedUserId] nvarchar(128) NULL,
        [RevokedAt] datetimeoffset NULL,
        CONSTRAINT [PK_Invitations] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124213352_Team'
)
BEGIN
    CREATE TABLE [SecuritySettings] (
        [TenantId] nvarchar(64) NOT NULL,
        [AllowedEmailDomains] nvarchar(1000) NOT NULL,
        [IdleTimeoutMinutes] int NOT NULL,
        [TwoFactorRequirement] nvarchar(16) NOT NULL,
        [UpdatedAt] datetimeoffset NULL,
        CONSTRAINT [PK_SecuritySettings] PRIMARY KEY ([TenantId])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124213352_Team'
)
BEGIN
    CREATE TABLE [SettingsChanges] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [Area] nvarchar(32) NOT NULL,
        [Setting] nvarchar(64) NOT NULL,
        [OldValue] nvarchar(2000) NULL,
        [NewValue] nvarchar(2000) NULL,
        [ChangedByUserId] nvarchar(128) NOT NULL,
        [ChangedByEmail] nvarchar(256) NOT NULL,
        [ChangedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_SettingsChanges] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124213352_Team'
)
BEGIN
    CREATE TABLE [TeamSettings] (
        [TenantId] nvarchar(64) NOT NULL,
        [ChatRollout] nvarchar(24) NOT NULL,
        [RolesReviewedAt] datetimeoffset NULL,
        CONSTRAINT [PK_TeamSettings] PRIMARY KEY ([TenantId])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124213352_Team'
)
BEGIN
    CREATE INDEX [IX_Departments_TenantId] ON [Departments] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124213352_Team'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Departments_TenantId_Name] ON [Departments] ([TenantId], [Name]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124213352_Team'
)
BEGIN
    CREATE INDEX [IX_Invitations_TenantId] ON [Invitations] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124213352_Team'
)
BEGIN
    CREATE INDEX [IX_Invitations_TenantId_NormalizedEmail] ON [Invitations] ([TenantId], [NormalizedEmail]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124213352_Team'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Invitations_TokenHash] ON [Invitations] ([TokenHash]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124213352_Team'
)
BEGIN
    CREATE INDEX [IX_SecuritySettings_TenantId] ON [SecuritySettings] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124213352_Team'
)
BEGIN
    CREATE INDEX [IX_SettingsChanges_TenantId] ON [SettingsChanges] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124213352_Team'
)
BEGIN
    CREATE INDEX [IX_TeamSettings_TenantId] ON [TeamSettings] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261124213352_Team'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261124213352_Team', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125005036_PlanReview'
)
BEGIN
    ALTER TABLE [WorkspaceSettings] ADD [PlanReviewedAt] datetimeoffset NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125005036_PlanReview'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261125005036_PlanReview', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204133058_AuditLogChains'
)
BEGIN
    CREATE TABLE [AuditChainHeads] (
        [ChainKey] nvarchar(80) NOT NULL,
        [Sequence] bigint NOT NULL,
        [LastHash] varchar(64) NOT NULL,
        [ProtectedKey] varchar(1000) NOT NULL,
        [CheckpointSequence] bigint NOT NULL,
        [CheckpointHash] varchar(64) NOT NULL,
        [CheckpointMac] varchar(64) NOT NULL,
        CONSTRAINT [PK_AuditChainHeads] PRIMARY KEY ([ChainKey])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204133058_AuditLogChains'
)
BEGIN
    CREATE TABLE [AuditDailyHashes] (
        [ChainKey] nvarchar(80) NOT NULL,
        [Day] date NOT NULL,
        [Sequence] bigint NOT NULL,
        [Hash] varchar(64) NOT NULL,
        [Intact] bit NOT NULL,
        [VerifiedAt] datetime2 NOT NULL,
        CONSTRAINT [PK_AuditDailyHashes] PRIMARY KEY ([ChainKey], [Day])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204133058_AuditLogChains'
)
BEGIN
    CREATE TABLE [AuditEntries] (
        [Sequence] bigint NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [OccurredAt] datetime2 NOT NULL,
        [ActorKind] nvarchar(16) NOT NULL,
        [ActorId] nvarchar(128) NULL,
        [ActorName] nvarchar(256) NULL,
        [ActorRole] nvarchar(32) NULL,
        [Action] nvarchar(64) NOT NULL,
        [TargetType] nvarchar(32) NOT NULL,
        [TargetId] nvarchar(128) NULL,
        [TargetDisplay] nvarchar(256) NULL,
        [Outcome] nvarchar(16) NOT NULL,
        [ClientAddress] nvarchar(64) NULL,
        [UserAgent] nvarchar(120) NULL,
        [Details] nvarchar(4000) NULL,
        [PreviousHash] varchar(64) NOT NULL,
        [Hash] varchar(64) NOT NULL,
        CONSTRAINT [PK_AuditEntries] PRIMARY KEY ([TenantId], [Sequence])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204133058_AuditLogChains'
)
BEGIN
    CREATE TABLE [PlatformAuditEntries] (
        [Sequence] bigint NOT NULL,
        [OccurredAt] datetime2 NOT NULL,
        [ActorKind] nvarchar(16) NOT NULL,
        [ActorId] nvarchar(128) NULL,
        [ActorName] nvarchar(256) NULL,
        [ActorRole] nvarchar(32) NULL,
        [Action] nvarchar(64) NOT NULL,
        [TargetType] nvarchar(32) NOT NULL,
        [TargetId] nvarchar(128) NULL,
        [TargetDisplay] nvarchar(256) NULL,
        [Outcome] nvarchar(16) NOT NULL,
        [ClientAddress] nvarchar(64) NULL,
        [UserAgent] nvarchar(120) NULL,
        [Details] nvarchar(4000) NULL,
        [PreviousHash] varchar(64) NOT NULL,
        [Hash] varchar(64) NOT NULL,
        CONSTRAINT [PK_PlatformAuditEntries] PRIMARY KEY ([Sequence])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204133058_AuditLogChains'
)
BEGIN
    CREATE INDEX [IX_AuditEntries_TenantId] ON [AuditEntries] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204133058_AuditLogChains'
)
BEGIN
    CREATE INDEX [IX_AuditEntries_TenantId_OccurredAt] ON [AuditEntries] ([TenantId], [OccurredAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204133058_AuditLogChains'
)
BEGIN
    CREATE INDEX [IX_PlatformAuditEntries_OccurredAt] ON [PlatformAuditEntries] ([OccurredAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204133058_AuditLogChains'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204133058_AuditLogChains', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204133100_SessionsTotpAndThrottle'
)
BEGIN
    ALTER TABLE [AspNetUsers] ADD [LastTotpTimeStep] bigint NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204133100_SessionsTotpAndThrottle'
)
BEGIN
    CREATE TABLE [ThrottleWindows] (
        [Key] nvarchar(64) NOT NULL,
        [WindowStart] bigint NOT NULL,
        [Count] int NOT NULL,
        CONSTRAINT [PK_ThrottleWindows] PRIMARY KEY ([Key])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204133100_SessionsTotpAndThrottle'
)
BEGIN
    CREATE TABLE [UserSessions] (
        [Id] nvarchar(32) NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [UserId] nvarchar(128) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [ExpiresAt] datetimeoffset NOT NULL,
        [EndedAt] datetimeoffset NULL,
        CONSTRAINT [PK_UserSessions] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204133100_SessionsTotpAndThrottle'
)
BEGIN
    CREATE INDEX [IX_UserSessions_TenantId] ON [UserSessions] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204133100_SessionsTotpAndThrottle'
)
BEGIN
    CREATE INDEX [IX_UserSessions_TenantId_UserId] ON [UserSessions] ([TenantId], [UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204133100_SessionsTotpAndThrottle'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204133100_SessionsTotpAndThrottle', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204135721_ActiveAnswerLeases'
)
BEGIN
    CREATE TABLE [ActiveAnswers] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [UserId] nvarchar(450) NOT NULL,
        [StartedAt] datetime2 NOT NULL,
        [ExpiresAt] datetime2 NOT NULL,
        CONSTRAINT [PK_ActiveAnswers] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204135721_ActiveAnswerLeases'
)
BEGIN
    CREATE INDEX [IX_ActiveAnswers_TenantId] ON [ActiveAnswers] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204135721_ActiveAnswerLeases'
)
BEGIN
    CREATE INDEX [IX_ActiveAnswers_TenantId_ExpiresAt] ON [ActiveAnswers] ([TenantId], [ExpiresAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204135721_ActiveAnswerLeases'
)
BEGIN
    CREATE INDEX [IX_ActiveAnswers_TenantId_UserId_ExpiresAt] ON [ActiveAnswers] ([TenantId], [UserId], [ExpiresAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204135721_ActiveAnswerLeases'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204135721_ActiveAnswerLeases', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204150108_PersonalDataPolicy'
)
BEGIN
    CREATE TABLE [PersonalDataPolicies] (
        [TenantId] nvarchar(64) NOT NULL,
        [Actions] nvarchar(2000) NOT NULL,
        [CustomTerms] nvarchar(max) NOT NULL,
        [UpdatedAt] datetimeoffset NULL,
        CONSTRAINT [PK_PersonalDataPolicies] PRIMARY KEY ([TenantId])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204150108_PersonalDataPolicy'
)
BEGIN
    CREATE INDEX [IX_PersonalDataPolicies_TenantId] ON [PersonalDataPolicies] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204150108_PersonalDataPolicy'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204150108_PersonalDataPolicy', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204150835_SignupBrowserBinding'
)
BEGIN
    ALTER TABLE [ProvisioningRequests] ADD [BindingExpiresAt] datetimeoffset NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204150835_SignupBrowserBinding'
)
BEGIN
    ALTER TABLE [ProvisioningRequests] ADD [BindingTokenHash] nvarchar(64) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204150835_SignupBrowserBinding'
)
BEGIN
    ALTER TABLE [ProvisioningRequests] ADD [BrowserSecretHash] nvarchar(64) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204150835_SignupBrowserBinding'
)
BEGIN
    ALTER TABLE [ProvisioningRequests] ADD [StatusId] nvarchar(64) NOT NULL DEFAULT N'';
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204150835_SignupBrowserBinding'
)
BEGIN
    UPDATE [ProvisioningRequests] SET [StatusId] = [Id];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204150835_SignupBrowserBinding'
)
BEGIN
    CREATE INDEX [IX_ProvisioningRequests_BindingTokenHash] ON [ProvisioningRequests] ([BindingTokenHash]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204150835_SignupBrowserBinding'
)
BEGIN
    CREATE UNIQUE INDEX [IX_ProvisioningRequests_StatusId] ON [ProvisioningRequests] ([StatusId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204150835_SignupBrowserBinding'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204150835_SignupBrowserBinding', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204151535_AuditMonthlyNotices'
)
BEGIN
    CREATE TABLE [AuditMonthlyNotices] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [Month] nvarchar(7) NOT NULL,
        [Sequence] bigint NOT NULL,
        [Hash] varchar(64) NOT NULL,
        [SentAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_AuditMonthlyNotices] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204151535_AuditMonthlyNotices'
)
BEGIN
    CREATE INDEX [IX_AuditMonthlyNotices_TenantId] ON [AuditMonthlyNotices] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204151535_AuditMonthlyNotices'
)
BEGIN
    CREATE UNIQUE INDEX [IX_AuditMonthlyNotices_TenantId_Month] ON [AuditMonthlyNotices] ([TenantId], [Month]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204151535_AuditMonthlyNotices'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204151535_AuditMonthlyNotices', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204162615_AuditorRole'
)
BEGIN
    IF EXISTS (SELECT * FROM [sys].[identity_columns] WHERE [name] IN (N'Id', N'ConcurrencyStamp', N'Name', N'NormalizedName') AND [object_id] = OBJECT_ID(N'[AspNetRoles]'))
        SET IDENTITY_INSERT [AspNetRoles] ON;
    EXEC(N'INSERT INTO [AspNetRoles] ([Id], [ConcurrencyStamp], [Name], [NormalizedName])
    VALUES (N''auditor'', N''Auditor'', N''Auditor'', N''AUDITOR'')');
    IF EXISTS (SELECT * FROM [sys].[identity_columns] WHERE [name] IN (N'Id', N'ConcurrencyStamp', N'Name', N'NormalizedName') AND [object_id] = OBJECT_ID(N'[AspNetRoles]'))
        SET IDENTITY_INSERT [AspNetRoles] OFF;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204162615_AuditorRole'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204162615_AuditorRole', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204163016_UsageRollups'
)
BEGIN
    ALTER TABLE [UsageRecords] ADD [DepartmentId] uniqueidentifier NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204163016_UsageRollups'
)
BEGIN
    CREATE TABLE [UsageDailyRollups] (
        [Id] uniqueidentifier NOT NULL,
        [Day] date NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [UserId] nvarchar(450) NOT NULL,
        [DepartmentId] uniqueidentifier NULL,
        [Model] nvarchar(200) NOT NULL,
        [Provider] nvarchar(32) NOT NULL,
        [Source] nvarchar(32) NOT NULL,
        [Answers] int NOT NULL,
        [Failures] int NOT NULL,
        [InputTokens] bigint NOT NULL,
        [OutputTokens] bigint NOT NULL,
        [CostYen] decimal(18,6) NULL,
        [TimeToFirstTokenSumMs] bigint NOT NULL,
        [TimeToFirstTokenCount] int NOT NULL,
        CONSTRAINT [PK_UsageDailyRollups] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204163016_UsageRollups'
)
BEGIN
    CREATE TABLE [UsageHourlyRollups] (
        [Id] uniqueidentifier NOT NULL,
        [HourStartUtc] datetime2 NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [UserId] nvarchar(450) NOT NULL,
        [DepartmentId] uniqueidentifier NULL,
        [Model] nvarchar(200) NOT NULL,
        [Provider] nvarchar(32) NOT NULL,
        [Source] nvarchar(32) NOT NULL,
        [Answers] int NOT NULL,
        [Failures] int NOT NULL,
        [InputTokens] bigint NOT NULL,
        [OutputTokens] bigint NOT NULL,
        [CostYen] decimal(18,6) NULL,
        [TimeToFirstTokenSumMs] bigint NOT NULL,
        [TimeToFirstTokenCount] int NOT NULL,
        CONSTRAINT [PK_UsageHourlyRollups] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204163016_UsageRollups'
)
BEGIN
    CREATE TABLE [UsageRollupStates] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [WatermarkUtc] datetime2 NOT NULL,
        [LastRunUtc] datetime2 NULL,
        CONSTRAINT [PK_UsageRollupStates] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204163016_UsageRollups'
)
BEGIN
    CREATE INDEX [IX_UsageDailyRollups_TenantId] ON [UsageDailyRollups] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204163016_UsageRollups'
)
BEGIN
    CREATE INDEX [IX_UsageDailyRollups_TenantId_Day] ON [UsageDailyRollups] ([TenantId], [Day]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204163016_UsageRollups'
)
BEGIN
    CREATE INDEX [IX_UsageHourlyRollups_TenantId] ON [UsageHourlyRollups] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204163016_UsageRollups'
)
BEGIN
    CREATE INDEX [IX_UsageHourlyRollups_TenantId_HourStartUtc] ON [UsageHourlyRollups] ([TenantId], [HourStartUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204163016_UsageRollups'
)
BEGIN
    CREATE UNIQUE INDEX [IX_UsageRollupStates_TenantId] ON [UsageRollupStates] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204163016_UsageRollups'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204163016_UsageRollups', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204165405_TokenReservations'
)
BEGIN
    CREATE TABLE [TokenPools] (
        [TenantId] nvarchar(64) NOT NULL,
        [Pool] nvarchar(16) NOT NULL,
        [Version] bigint NOT NULL,
        CONSTRAINT [PK_TokenPools] PRIMARY KEY ([TenantId], [Pool])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204165405_TokenReservations'
)
BEGIN
    CREATE TABLE [TokenReservations] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [Pool] nvarchar(16) NOT NULL,
        [Tokens] bigint NOT NULL,
        [ExpiresAt] datetime2 NOT NULL,
        CONSTRAINT [PK_TokenReservations] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204165405_TokenReservations'
)
BEGIN
    CREATE INDEX [IX_TokenPools_TenantId] ON [TokenPools] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204165405_TokenReservations'
)
BEGIN
    CREATE INDEX [IX_TokenReservations_ExpiresAt] ON [TokenReservations] ([ExpiresAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204165405_TokenReservations'
)
BEGIN
    CREATE INDEX [IX_TokenReservations_TenantId] ON [TokenReservations] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204165405_TokenReservations'
)
BEGIN
    CREATE INDEX [IX_TokenReservations_TenantId_Pool_ExpiresAt] ON [TokenReservations] ([TenantId], [Pool], [ExpiresAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204165405_TokenReservations'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204165405_TokenReservations', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204171144_UsageMonthlyReport'
)
BEGIN
    CREATE TABLE [UsageMonthlyReportNotices] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [Month] nvarchar(7) NOT NULL,
        [SentAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_UsageMonthlyReportNotices] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204171144_UsageMonthlyReport'
)
BEGIN
    CREATE INDEX [IX_UsageMonthlyReportNotices_TenantId] ON [UsageMonthlyReportNotices] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204171144_UsageMonthlyReport'
)
BEGIN
    CREATE UNIQUE INDEX [IX_UsageMonthlyReportNotices_TenantId_Month] ON [UsageMonthlyReportNotices] ([TenantId], [Month]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204171144_UsageMonthlyReport'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204171144_UsageMonthlyReport', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204171454_AuditRetention'
)
BEGIN
    ALTER TABLE [Tenants] ADD [AuditRetentionYears] int NOT NULL DEFAULT 3;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204171454_AuditRetention'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204171454_AuditRetention', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204172525_TenantVersion'
)
BEGIN
    ALTER TABLE [Tenants] ADD [Version] bigint NOT NULL DEFAULT CAST(0 AS bigint);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204172525_TenantVersion'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204172525_TenantVersion', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204190745_DataGovernanceRetentionAndHolds'
)
BEGIN
    CREATE TABLE [DepartmentRetentions] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [DepartmentId] uniqueidentifier NOT NULL,
        [RetentionDays] int NULL,
        CONSTRAINT [PK_DepartmentRetentions] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204190745_DataGovernanceRetentionAndHolds'
)
BEGIN
    CREATE TABLE [LegalHolds] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [Scope] nvarchar(16) NOT NULL,
        [UserId] nvarchar(450) NULL,
        [DepartmentId] uniqueidentifier NULL,
        [Reason] nvarchar(500) NOT NULL,
        [Reference] nvarchar(100) NULL,
        [PlacedByUserId] nvarchar(450) NOT NULL,
        [PlacedByName] nvarchar(256) NOT NULL,
        [PlacedAt] datetime2 NOT NULL,
        [LiftedByUserId] nvarchar(450) NULL,
        [LiftedByName] nvarchar(256) NULL,
        [LiftedAt] datetime2 NULL,
        [LiftReason] nvarchar(500) NULL,
        CONSTRAINT [PK_LegalHolds] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204190745_DataGovernanceRetentionAndHolds'
)
BEGIN
    CREATE TABLE [RetentionPolicies] (
        [TenantId] nvarchar(64) NOT NULL,
        [RetentionDays] int NULL,
        [MembersMayDeleteOwn] bit NOT NULL,
        [UpdatedAt] datetime2 NOT NULL,
        CONSTRAINT [PK_RetentionPolicies] PRIMARY KEY ([TenantId])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204190745_DataGovernanceRetentionAndHolds'
)
BEGIN
    CREATE INDEX [IX_DepartmentRetentions_TenantId] ON [DepartmentRetentions] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204190745_DataGovernanceRetentionAndHolds'
)
BEGIN
    CREATE UNIQUE INDEX [IX_DepartmentRetentions_TenantId_DepartmentId] ON [DepartmentRetentions] ([TenantId], [DepartmentId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204190745_DataGovernanceRetentionAndHolds'
)
BEGIN
    CREATE INDEX [IX_LegalHolds_TenantId] ON [LegalHolds] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204190745_DataGovernanceRetentionAndHolds'
)
BEGIN
    CREATE INDEX [IX_LegalHolds_TenantId_LiftedAt] ON [LegalHolds] ([TenantId], [LiftedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204190745_DataGovernanceRetentionAndHolds'
)
BEGIN
    CREATE INDEX [IX_RetentionPolicies_TenantId] ON [RetentionPolicies] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204190745_DataGovernanceRetentionAndHolds'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204190745_DataGovernanceRetentionAndHolds', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204191329_Budgets'
)
BEGIN
    CREATE TABLE [BudgetLedgers] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [BudgetId] uniqueidentifier NOT NULL,
        [Subject] nvarchar(450) NOT NULL,
        [PeriodKey] nvarchar(16) NOT NULL,
        [Spent] bigint NOT NULL,
        [Reserved] bigint NOT NULL,
        CONSTRAINT [PK_BudgetLedgers] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204191329_Budgets'
)
BEGIN
    CREATE TABLE [BudgetReservations] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [LedgerId] uniqueidentifier NOT NULL,
        [Amount] bigint NOT NULL,
        [ExpiresAt] datetime2 NOT NULL,
        CONSTRAINT [PK_BudgetReservations] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204191329_Budgets'
)
BEGIN
    CREATE TABLE [Budgets] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [Scope] nvarchar(460) NOT NULL,
        [Level] int NOT NULL,
        [DepartmentId] uniqueidentifier NULL,
        [UserId] nvarchar(450) NULL,
        [Unit] int NOT NULL,
        [Amount] bigint NOT NULL,
        [Period] int NOT NULL,
        [FiscalYearStartMonth] int NOT NULL,
        [Mode] int NOT NULL,
        [UpdatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_Budgets] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204191329_Budgets'
)
BEGIN
    CREATE INDEX [IX_BudgetLedgers_TenantId] ON [BudgetLedgers] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204191329_Budgets'
)
BEGIN
    CREATE INDEX [IX_BudgetLedgers_TenantId_BudgetId_PeriodKey] ON [BudgetLedgers] ([TenantId], [BudgetId], [PeriodKey]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204191329_Budgets'
)
BEGIN
    CREATE INDEX [IX_BudgetReservations_ExpiresAt] ON [BudgetReservations] ([ExpiresAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204191329_Budgets'
)
BEGIN
    CREATE INDEX [IX_BudgetReservations_TenantId] ON [BudgetReservations] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204191329_Budgets'
)
BEGIN
    CREATE INDEX [IX_Budgets_TenantId] ON [Budgets] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204191329_Budgets'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Budgets_TenantId_Scope] ON [Budgets] ([TenantId], [Scope]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204191329_Budgets'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204191329_Budgets', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204191602_IpAllowList'
)
BEGIN
    CREATE TABLE [IpAllowRules] (
        [Id] nvarchar(32) NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [Network] nvarchar(64) NOT NULL,
        [Label] nvarchar(100) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [CreatedBy] nvarchar(256) NOT NULL,
        CONSTRAINT [PK_IpAllowRules] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204191602_IpAllowList'
)
BEGIN
    CREATE INDEX [IX_IpAllowRules_TenantId] ON [IpAllowRules] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204191602_IpAllowList'
)
BEGIN
    CREATE UNIQUE INDEX [IX_IpAllowRules_TenantId_Network] ON [IpAllowRules] ([TenantId], [Network]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204191602_IpAllowList'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204191602_IpAllowList', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204214544_BudgetAlertsRequestsManagers'
)
BEGIN
    ALTER TABLE [BudgetLedgers] ADD [Granted] bigint NOT NULL DEFAULT CAST(0 AS bigint);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204214544_BudgetAlertsRequestsManagers'
)
BEGIN
    CREATE TABLE [BudgetAlerts] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [BudgetId] uniqueidentifier NOT NULL,
        [Subject] nvarchar(450) NOT NULL,
        [PeriodKey] nvarchar(16) NOT NULL,
        [Threshold] int NOT NULL,
        [SentAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_BudgetAlerts] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204214544_BudgetAlertsRequestsManagers'
)
BEGIN
    CREATE TABLE [BudgetRequests] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [BudgetId] uniqueidentifier NOT NULL,
        [LedgerId] uniqueidentifier NOT NULL,
        [Subject] nvarchar(450) NOT NULL,
        [PeriodKey] nvarchar(16) NOT NULL,
        [PeriodEndUtc] datetime2 NOT NULL,
        [RequesterId] nvarchar(450) NOT NULL,
        [Amount] bigint NOT NULL,
        [Reason] nvarchar(1000) NOT NULL,
        [Status] int NOT NULL,
        [ApprovedAmount] bigint NULL,
        [GrantedUnits] bigint NOT NULL,
        [DeciderId] nvarchar(450) NULL,
        [Comment] nvarchar(1000) NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [DecidedAt] datetimeoffset NULL,
        CONSTRAINT [PK_BudgetRequests] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204214544_BudgetAlertsRequestsManagers'
)
BEGIN
    CREATE TABLE [DepartmentManagers] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [DepartmentId] uniqueidentifier NOT NULL,
        [UserId] nvarchar(450) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_DepartmentManagers] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204214544_BudgetAlertsRequestsManagers'
)
BEGIN
    CREATE INDEX [IX_BudgetAlerts_TenantId] ON [BudgetAlerts] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204214544_BudgetAlertsRequestsManagers'
)
BEGIN
    CREATE UNIQUE INDEX [IX_BudgetAlerts_TenantId_BudgetId_Subject_PeriodKey_Threshold] ON [BudgetAlerts] ([TenantId], [BudgetId], [Subject], [PeriodKey], [Threshold]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204214544_BudgetAlertsRequestsManagers'
)
BEGIN
    CREATE INDEX [IX_BudgetRequests_TenantId] ON [BudgetRequests] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204214544_BudgetAlertsRequestsManagers'
)
BEGIN
    CREATE INDEX [IX_BudgetRequests_TenantId_Status_CreatedAt] ON [BudgetRequests] ([TenantId], [Status], [CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204214544_BudgetAlertsRequestsManagers'
)
BEGIN
    CREATE INDEX [IX_DepartmentManagers_TenantId] ON [DepartmentManagers] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204214544_BudgetAlertsRequestsManagers'
)
BEGIN
    CREATE UNIQUE INDEX [IX_DepartmentManagers_TenantId_DepartmentId_UserId] ON [DepartmentManagers] ([TenantId], [DepartmentId], [UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204214544_BudgetAlertsRequestsManagers'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204214544_BudgetAlertsRequestsManagers', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204215156_DataExports'
)
BEGIN
    CREATE TABLE [DataExports] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [Kind] nvarchar(16) NOT NULL,
        [Status] nvarchar(16) NOT NULL,
        [RequestedByUserId] nvarchar(450) NOT NULL,
        [BuildingFor] nvarchar(450) NULL,
        [RequestedAt] datetime2 NOT NULL,
        [CompletedAt] datetime2 NULL,
        [ExpiresAt] datetime2 NOT NULL,
        [TokenHash] nvarchar(64) NULL,
        [DownloadedAt] datetime2 NULL,
        [SizeBytes] bigint NOT NULL,
        [FileName] nvarchar(200) NOT NULL,
        [FailureCode] nvarchar(200) NULL,
        CONSTRAINT [PK_DataExports] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204215156_DataExports'
)
BEGIN
    CREATE TABLE [DataExportChunks] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [ExportId] uniqueidentifier NOT NULL,
        [Sequence] int NOT NULL,
        [Data] varbinary(max) NOT NULL,
        CONSTRAINT [PK_DataExportChunks] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_DataExportChunks_DataExports_ExportId] FOREIGN KEY ([ExportId]) REFERENCES [DataExports] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204215156_DataExports'
)
BEGIN
    CREATE UNIQUE INDEX [IX_DataExportChunks_ExportId_Sequence] ON [DataExportChunks] ([ExportId], [Sequence]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204215156_DataExports'
)
BEGIN
    CREATE INDEX [IX_DataExportChunks_TenantId] ON [DataExportChunks] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204215156_DataExports'
)
BEGIN
    CREATE INDEX [IX_DataExports_ExpiresAt] ON [DataExports] ([ExpiresAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204215156_DataExports'
)
BEGIN
    CREATE INDEX [IX_DataExports_TenantId] ON [DataExports] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204215156_DataExports'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [IX_DataExports_TenantId_BuildingFor] ON [DataExports] ([TenantId], [BuildingFor]) WHERE [BuildingFor] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204215156_DataExports'
)
BEGIN
    CREATE INDEX [IX_DataExports_TenantId_RequestedByUserId_RequestedAt] ON [DataExports] ([TenantId], [RequestedByUserId], [RequestedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204215156_DataExports'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204215156_DataExports', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204215230_WorkspaceClosure'
)
BEGIN
    ALTER TABLE [Tenants] ADD [ClosedAt] datetimeoffset NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204215230_WorkspaceClosure'
)
BEGIN
    ALTER TABLE [Tenants] ADD [ClosureDeletesAt] datetimeoffset NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204215230_WorkspaceClosure'
)
BEGIN
    ALTER TABLE [Tenants] ADD [ClosureRequestedAt] datetimeoffset NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204215230_WorkspaceClosure'
)
BEGIN
    CREATE TABLE [DeletionCertificates] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [Identifier] nvarchar(64) NOT NULL,
        [WorkspaceName] nvarchar(200) NOT NULL,
        [ClosureRequestedAt] datetimeoffset NOT NULL,
        [DeletedAt] datetimeoffset NOT NULL,
        [CountsJson] nvarchar(max) NOT NULL,
        [TotalRows] bigint NOT NULL,
        [Hash] nvarchar(64) NOT NULL,
        [Recipients] nvarchar(2000) NOT NULL,
        [MailedAt] datetimeoffset NULL,
        CONSTRAINT [PK_DeletionCertificates] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204215230_WorkspaceClosure'
)
BEGIN
    CREATE UNIQUE INDEX [IX_DeletionCertificates_TenantId] ON [DeletionCertificates] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204215230_WorkspaceClosure'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204215230_WorkspaceClosure', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205002132_BreakGlassGrants'
)
BEGIN
    CREATE TABLE [BreakGlassGrants] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [TargetUserId] nvarchar(450) NOT NULL,
        [RequestedByUserId] nvarchar(450) NOT NULL,
        [RequestedByName] nvarchar(256) NOT NULL,
        [Reason] nvarchar(500) NOT NULL,
        [Hours] int NOT NULL,
        [RequestedAt] datetime2 NOT NULL,
        [Status] nvarchar(16) NOT NULL,
        [Approval] nvarchar(16) NULL,
        [DecidedByUserId] nvarchar(450) NULL,
        [DecidedByName] nvarchar(256) NULL,
        [DecidedAt] datetime2 NULL,
        [DenyReason] nvarchar(500) NULL,
        [EndsAt] datetime2 NULL,
        [RevokedByUserId] nvarchar(450) NULL,
        [RevokedByName] nvarchar(256) NULL,
        [RevokedAt] datetime2 NULL,
        [ExpiryRecordedAt] datetime2 NULL,
        CONSTRAINT [PK_BreakGlassGrants] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205002132_BreakGlassGrants'
)
BEGIN
    CREATE INDEX [IX_BreakGlassGrants_TenantId] ON [BreakGlassGrants] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205002132_BreakGlassGrants'
)
BEGIN
    CREATE INDEX [IX_BreakGlassGrants_TenantId_TargetUserId_Status] ON [BreakGlassGrants] ([TenantId], [TargetUserId], [Status]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205002132_BreakGlassGrants'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205002132_BreakGlassGrants', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205002636_OpsTenantConsole'
)
BEGIN
    ALTER TABLE [Tenants] ADD [CustomMonthlyTokens] bigint NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205002636_OpsTenantConsole'
)
BEGIN
    ALTER TABLE [Tenants] ADD [CustomSeats] int NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205002636_OpsTenantConsole'
)
BEGIN
    ALTER TABLE [Tenants] ADD [SuspensionReason] nvarchar(32) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205002636_OpsTenantConsole'
)
BEGIN
    CREATE TABLE [PlanChanges] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [FromPlan] nvarchar(32) NOT NULL,
        [ToPlan] nvarchar(32) NOT NULL,
        [CustomSeats] int NULL,
        [CustomMonthlyTokens] bigint NULL,
        [Source] nvarchar(16) NOT NULL,
        [ActorUserId] nvarchar(128) NULL,
        [ActorEmail] nvarchar(256) NULL,
        [Reason] nvarchar(500) NULL,
        [RequestedAt] datetimeoffset NOT NULL,
        [EffectiveAt] datetimeoffset NOT NULL,
        [AppliedAt] datetimeoffset NULL,
        [CancelledAt] datetimeoffset NULL,
        CONSTRAINT [PK_PlanChanges] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205002636_OpsTenantConsole'
)
BEGIN
    CREATE INDEX [IX_PlanChanges_TenantId] ON [PlanChanges] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205002636_OpsTenantConsole'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205002636_OpsTenantConsole', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205004101_UsageMonthTotals'
)
BEGIN
    ALTER TABLE [TokenPools] ADD [UsedTokens] bigint NOT NULL DEFAULT CAST(0 AS bigint);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205004101_UsageMonthTotals'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205004101_UsageMonthTotals', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205030332_QualifiedInvoices'
)
BEGIN
    CREATE TABLE [DocumentNumberSequences] (
        [Series] nvarchar(64) NOT NULL,
        [Last] bigint NOT NULL,
        CONSTRAINT [PK_DocumentNumberSequences] PRIMARY KEY ([Series])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205030332_QualifiedInvoices'
)
BEGIN
    CREATE TABLE [Invoices] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [BillingMonth] nvarchar(7) NOT NULL,
        [IssuerRegistrationNumber] nvarchar(14) NOT NULL,
        [Number] bigint NOT NULL,
        [IssuerName] nvarchar(200) NOT NULL,
        [IssuerAddress] nvarchar(400) NOT NULL,
        [IssuerContact] nvarchar(200) NULL,
        [BankAccount] nvarchar(400) NOT NULL,
        [CustomerName] nvarchar(200) NOT NULL,
        [WorkspaceIdentifier] nvarchar(64) NOT NULL,
        [IssueDate] date NOT NULL,
        [PeriodStart] date NOT NULL,
        [PeriodEnd] date NOT NULL,
        [DueDate] date NOT NULL,
        [SubtotalYen] bigint NOT NULL,
        [TaxYen] bigint NOT NULL,
        [TotalYen] bigint NOT NULL,
        [IssuedAt] datetimeoffset NOT NULL,
        [PaidOn] date NULL,
        [PaymentMethod] nvarchar(16) NULL,
        [PaymentNote] nvarchar(500) NULL,
        [PaidRecordedBy] nvarchar(256) NULL,
        CONSTRAINT [PK_Invoices] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205030332_QualifiedInvoices'
)
BEGIN
    CREATE TABLE [InvoiceLines] (
        [Id] uniqueidentifier NOT NULL,
        [InvoiceId] uniqueidentifier NOT NULL,
        [Position] int NOT NULL,
        [Plan] nvarchar(32) NOT NULL,
        [From] date NOT NULL,
        [To] date NOT NULL,
        [Days] int NOT NULL,
        [DaysInMonth] int NOT NULL,
        [MonthlyPriceYen] bigint NOT NULL,
        [AmountYen] bigint NOT NULL,
        [TaxRatePercent] int NOT NULL,
        CONSTRAINT [PK_InvoiceLines] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_InvoiceLines_Invoices_InvoiceId] FOREIGN KEY ([InvoiceId]) REFERENCES [Invoices] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205030332_QualifiedInvoices'
)
BEGIN
    CREATE INDEX [IX_InvoiceLines_InvoiceId] ON [InvoiceLines] ([InvoiceId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205030332_QualifiedInvoices'
)
BEGIN
    CREATE INDEX [IX_Invoices_DueDate] ON [Invoices] ([DueDate]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205030332_QualifiedInvoices'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Invoices_IssuerRegistrationNumber_Number] ON [Invoices] ([IssuerRegistrationNumber], [Number]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205030332_QualifiedInvoices'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Invoices_TenantId_BillingMonth] ON [Invoices] ([TenantId], [BillingMonth]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205030332_QualifiedInvoices'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205030332_QualifiedInvoices', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205042511_WorkspaceAndPlatformAlerts'
)
BEGIN
    ALTER TABLE [AlertRules] ADD [MinimumCount] int NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205042511_WorkspaceAndPlatformAlerts'
)
BEGIN
    ALTER TABLE [AlertRules] ADD [ThresholdSeconds] int NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205042511_WorkspaceAndPlatformAlerts'
)
BEGIN
    CREATE TABLE [PlatformAlerts] (
        [Id] uniqueidentifier NOT NULL,
        [Kind] nvarchar(32) NOT NULL,
        [Subject] nvarchar(128) NOT NULL,
        [OpenGuard] nvarchar(200) NOT NULL,
        [Detail] nvarchar(200) NULL,
        [OpenedAt] datetime2 NOT NULL,
        [ClosedAt] datetime2 NULL,
        [Value] float NOT NULL,
        [Threshold] float NOT NULL,
        CONSTRAINT [PK_PlatformAlerts] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205042511_WorkspaceAndPlatformAlerts'
)
BEGIN
    CREATE TABLE [WorkspaceAlerts] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [Kind] nvarchar(32) NOT NULL,
        [OpenGuard] nvarchar(64) NOT NULL,
        [OpenedAt] datetime2 NOT NULL,
        [ClosedAt] datetime2 NULL,
        [Value] float NOT NULL,
        [Threshold] float NOT NULL,
        [Detail] nvarchar(64) NULL,
        CONSTRAINT [PK_WorkspaceAlerts] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205042511_WorkspaceAndPlatformAlerts'
)
BEGIN
    CREATE INDEX [IX_PlatformAlerts_OpenedAt] ON [PlatformAlerts] ([OpenedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205042511_WorkspaceAndPlatformAlerts'
)
BEGIN
    CREATE UNIQUE INDEX [IX_PlatformAlerts_OpenGuard] ON [PlatformAlerts] ([OpenGuard]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205042511_WorkspaceAndPlatformAlerts'
)
BEGIN
    CREATE INDEX [IX_WorkspaceAlerts_TenantId] ON [WorkspaceAlerts] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205042511_WorkspaceAndPlatformAlerts'
)
BEGIN
    CREATE INDEX [IX_WorkspaceAlerts_TenantId_OpenedAt] ON [WorkspaceAlerts] ([TenantId], [OpenedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205042511_WorkspaceAndPlatformAlerts'
)
BEGIN
    CREATE UNIQUE INDEX [IX_WorkspaceAlerts_TenantId_OpenGuard] ON [WorkspaceAlerts] ([TenantId], [OpenGuard]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205042511_WorkspaceAndPlatformAlerts'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205042511_WorkspaceAndPlatformAlerts', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043331_TrialsAndSalesPipeline'
)
BEGIN
    ALTER TABLE [Tenants] ADD [TrialConvertedAt] datetimeoffset NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043331_TrialsAndSalesPipeline'
)
BEGIN
    ALTER TABLE [Tenants] ADD [TrialEndsAt] datetimeoffset NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043331_TrialsAndSalesPipeline'
)
BEGIN
    ALTER TABLE [Tenants] ADD [TrialReminder2SentAt] datetimeoffset NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043331_TrialsAndSalesPipeline'
)
BEGIN
    ALTER TABLE [Tenants] ADD [TrialReminder7SentAt] datetimeoffset NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043331_TrialsAndSalesPipeline'
)
BEGIN
    ALTER TABLE [Tenants] ADD [TrialStartedAt] datetimeoffset NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043331_TrialsAndSalesPipeline'
)
BEGIN
    ALTER TABLE [SalesLeads] ADD [ConcurrencyStamp] nvarchar(64) NOT NULL DEFAULT N'';
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043331_TrialsAndSalesPipeline'
)
BEGIN
    ALTER TABLE [SalesLeads] ADD [LostReason] nvarchar(500) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043331_TrialsAndSalesPipeline'
)
BEGIN
    ALTER TABLE [SalesLeads] ADD [NextAction] nvarchar(200) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043331_TrialsAndSalesPipeline'
)
BEGIN
    ALTER TABLE [SalesLeads] ADD [NextActionDue] date NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043331_TrialsAndSalesPipeline'
)
BEGIN
    ALTER TABLE [SalesLeads] ADD [Notes] nvarchar(4000) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043331_TrialsAndSalesPipeline'
)
BEGIN
    ALTER TABLE [SalesLeads] ADD [OwnerEmail] nvarchar(256) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043331_TrialsAndSalesPipeline'
)
BEGIN
    ALTER TABLE [SalesLeads] ADD [Stage] nvarchar(16) NOT NULL DEFAULT N'New';
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043331_TrialsAndSalesPipeline'
)
BEGIN
    ALTER TABLE [SalesLeads] ADD [TenantId] nvarchar(64) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043331_TrialsAndSalesPipeline'
)
BEGIN
    ALTER TABLE [ProvisioningRequests] ADD [TrialEndsAt] datetimeoffset NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043331_TrialsAndSalesPipeline'
)
BEGIN
    CREATE TABLE [SalesLeadChanges] (
        [Id] bigint NOT NULL IDENTITY,
        [LeadId] uniqueidentifier NOT NULL,
        [At] datetimeoffset NOT NULL,
        [Actor] nvarchar(256) NOT NULL,
        [Field] nvarchar(32) NOT NULL,
        [FromValue] nvarchar(4000) NULL,
        [ToValue] nvarchar(4000) NULL,
        CONSTRAINT [PK_SalesLeadChanges] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043331_TrialsAndSalesPipeline'
)
BEGIN
    CREATE INDEX [IX_SalesLeadChanges_LeadId] ON [SalesLeadChanges] ([LeadId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043331_TrialsAndSalesPipeline'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205043331_TrialsAndSalesPipeline', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043629_CustomerSuccessCycle'
)
BEGIN
    CREATE TABLE [FeatureRequests] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [AuthorUserId] nvarchar(450) NOT NULL,
        [Title] nvarchar(120) NOT NULL,
        [Description] nvarchar(2000) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [Status] int NOT NULL,
        [PublicNote] nvarchar(1000) NULL,
        [StatusChangedAt] datetimeoffset NULL,
        [TopicId] uniqueidentifier NULL,
        CONSTRAINT [PK_FeatureRequests] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043629_CustomerSuccessCycle'
)
BEGIN
    CREATE TABLE [FeatureTopics] (
        [Id] uniqueidentifier NOT NULL,
        [Name] nvarchar(120) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_FeatureTopics] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043629_CustomerSuccessCycle'
)
BEGIN
    CREATE TABLE [SatisfactionResponses] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [UserId] nvarchar(450) NOT NULL,
        [Month] int NOT NULL,
        [Score] int NULL,
        [Comment] nvarchar(1000) NULL,
        [AnsweredAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_SatisfactionResponses] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043629_CustomerSuccessCycle'
)
BEGIN
    CREATE TABLE [SupportReplies] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [RequestId] uniqueidentifier NOT NULL,
        [OperatorId] nvarchar(450) NOT NULL,
        [OperatorName] nvarchar(256) NOT NULL,
        [Body] nvarchar(4000) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_SupportReplies] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043629_CustomerSuccessCycle'
)
BEGIN
    CREATE TABLE [SupportRequests] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [RequesterUserId] nvarchar(450) NOT NULL,
        [RequesterEmail] nvarchar(256) NOT NULL,
        [Category] int NOT NULL,
        [Priority] int NOT NULL,
        [Description] nvarchar(4000) NOT NULL,
        [Status] int NOT NULL,
        [Level] int NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [RespondBy] datetimeoffset NOT NULL,
        [FirstRespondedAt] datetimeoffset NULL,
        [AssigneeId] nvarchar(450) NULL,
        [AssigneeName] nvarchar(256) NULL,
        [ClosedAt] datetimeoffset NULL,
        CONSTRAINT [PK_SupportRequests] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043629_CustomerSuccessCycle'
)
BEGIN
    CREATE TABLE [FeatureVotes] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [RequestId] uniqueidentifier NOT NULL,
        [UserId] nvarchar(450) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_FeatureVotes] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_FeatureVotes_FeatureRequests_RequestId] FOREIGN KEY ([RequestId]) REFERENCES [FeatureRequests] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043629_CustomerSuccessCycle'
)
BEGIN
    CREATE TABLE [SupportAttachments] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [RequestId] uniqueidentifier NOT NULL,
        [FileName] nvarchar(200) NOT NULL,
        [ContentType] nvarchar(32) NOT NULL,
        [Length] int NOT NULL,
        [Content] varbinary(max) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_SupportAttachments] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_SupportAttachments_SupportRequests_RequestId] FOREIGN KEY ([RequestId]) REFERENCES [SupportRequests] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043629_CustomerSuccessCycle'
)
BEGIN
    CREATE INDEX [IX_FeatureRequests_TenantId] ON [FeatureRequests] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043629_CustomerSuccessCycle'
)
BEGIN
    CREATE INDEX [IX_FeatureRequests_TopicId] ON [FeatureRequests] ([TopicId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043629_CustomerSuccessCycle'
)
BEGIN
    CREATE UNIQUE INDEX [IX_FeatureTopics_Name] ON [FeatureTopics] ([Name]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043629_CustomerSuccessCycle'
)
BEGIN
    CREATE UNIQUE INDEX [IX_FeatureVotes_RequestId_UserId] ON [FeatureVotes] ([RequestId], [UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043629_CustomerSuccessCycle'
)
BEGIN
    CREATE INDEX [IX_FeatureVotes_TenantId] ON [FeatureVotes] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043629_CustomerSuccessCycle'
)
BEGIN
    CREATE INDEX [IX_SatisfactionResponses_TenantId] ON [SatisfactionResponses] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043629_CustomerSuccessCycle'
)
BEGIN
    CREATE UNIQUE INDEX [IX_SatisfactionResponses_TenantId_UserId_Month] ON [SatisfactionResponses] ([TenantId], [UserId], [Month]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043629_CustomerSuccessCycle'
)
BEGIN
    CREATE INDEX [IX_SupportAttachments_RequestId] ON [SupportAttachments] ([RequestId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043629_CustomerSuccessCycle'
)
BEGIN
    CREATE INDEX [IX_SupportAttachments_TenantId] ON [SupportAttachments] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043629_CustomerSuccessCycle'
)
BEGIN
    CREATE INDEX [IX_SupportReplies_TenantId_RequestId] ON [SupportReplies] ([TenantId], [RequestId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043629_CustomerSuccessCycle'
)
BEGIN
    CREATE INDEX [IX_SupportRequests_Status] ON [SupportRequests] ([Status]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043629_CustomerSuccessCycle'
)
BEGIN
    CREATE INDEX [IX_SupportRequests_TenantId] ON [SupportRequests] ([TenantId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205043629_CustomerSuccessCycle'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205043629_CustomerSuccessCycle', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205090021_UsageRollupVersion'
)
BEGIN
    ALTER TABLE [UsageRollupStates] ADD [Version] bigint NOT NULL DEFAULT CAST(0 AS bigint);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205090021_UsageRollupVersion'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205090021_UsageRollupVersion', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205113032_UsageHourlyRollupWithoutMember'
)
BEGIN
    DECLARE @var nvarchar(max);
    SELECT @var = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[UsageHourlyRollups]') AND [c].[name] = N'DepartmentId');
    IF @var IS NOT NULL EXEC(N'ALTER TABLE [UsageHourlyRollups] DROP CONSTRAINT ' + @var + ';');
    ALTER TABLE [UsageHourlyRollups] DROP COLUMN [DepartmentId];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205113032_UsageHourlyRollupWithoutMember'
)
BEGIN
    DECLARE @var1 nvarchar(max);
    SELECT @var1 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[UsageHourlyRollups]') AND [c].[name] = N'UserId');
    IF @var1 IS NOT NULL EXEC(N'ALTER TABLE [UsageHourlyRollups] DROP CONSTRAINT ' + @var1 + ';');
    ALTER TABLE [UsageHourlyRollups] DROP COLUMN [UserId];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205113032_UsageHourlyRollupWithoutMember'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205113032_UsageHourlyRollupWithoutMember', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205152404_UsageRollupsWithoutTenantIndex'
)
BEGIN
    DROP INDEX [IX_UsageHourlyRollups_TenantId] ON [UsageHourlyRollups];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205152404_UsageRollupsWithoutTenantIndex'
)
BEGIN
    DROP INDEX [IX_UsageDailyRollups_TenantId] ON [UsageDailyRollups];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205152404_UsageRollupsWithoutTenantIndex'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205152404_UsageRollupsWithoutTenantIndex', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205180330_UsageRecordsRollupCoveringIndex'
)
BEGIN
    DROP INDEX [IX_UsageRecords_TenantId] ON [UsageRecords];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205180330_UsageRecordsRollupCoveringIndex'
)
BEGIN
    DROP INDEX [IX_UsageRecords_TenantId_CreatedAt] ON [UsageRecords];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205180330_UsageRecordsRollupCoveringIndex'
)
BEGIN
    CREATE INDEX [IX_UsageRecords_TenantId_CreatedAt] ON [UsageRecords] ([TenantId], [CreatedAt]) INCLUDE ([UserId], [DepartmentId], [Model], [Provider], [Source], [Status], [InputTokens], [OutputTokens], [TimeToFirstTokenMs]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205180330_UsageRecordsRollupCoveringIndex'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205180330_UsageRecordsRollupCoveringIndex', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205204531_WorkspaceFiscalYearAndTemplateUseDays'
)
BEGIN
    ALTER TABLE [Tenants] ADD [FiscalYearStartMonth] int NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205204531_WorkspaceFiscalYearAndTemplateUseDays'
)
BEGIN
    UPDATE "Tenants" SET "FiscalYearStartMonth" =
        (SELECT MIN(b."FiscalYearStartMonth") FROM "Budgets" AS b WHERE b."TenantId" = "Tenants"."Id")
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205204531_WorkspaceFiscalYearAndTemplateUseDays'
)
BEGIN
    CREATE TABLE [TemplateUseDays] (
        [Id] uniqueidentifier NOT NULL,
        [TenantId] nvarchar(64) NOT NULL,
        [TemplateId] uniqueidentifier NOT NULL,
        [Day] date NOT NULL,
        [DepartmentId] uniqueidentifier NULL,
        [Uses] int NOT NULL,
        CONSTRAINT [PK_TemplateUseDays] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_TemplateUseDays_PromptTemplates_TemplateId] FOREIGN KEY ([TemplateId]) REFERENCES [PromptTemplates] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205204531_WorkspaceFiscalYearAndTemplateUseDays'
)
BEGIN
    CREATE INDEX [IX_TemplateUseDays_TemplateId] ON [TemplateUseDays] ([TemplateId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205204531_WorkspaceFiscalYearAndTemplateUseDays'
)
BEGIN
    CREATE INDEX [IX_TemplateUseDays_TenantId_Day_TemplateId] ON [TemplateUseDays] ([TenantId], [Day], [TemplateId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205204531_WorkspaceFiscalYearAndTemplateUseDays'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205204531_WorkspaceFiscalYearAndTemplateUseDays', N'10.0.15');
END;

COMMIT;
GO

