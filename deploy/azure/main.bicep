// Secure AI Chat on Azure: App Service (Linux, Premium v3, several instances with session affinity and WebSockets),
// Azure Database for PostgreSQL Flexible Server or Azure SQL Database, Key Vault (secrets and the Data Protection
// certificate), Azure OpenAI, Application Insights on Log Analytics, managed identities.
// Step by step: docs/deploy-azure.md. Compiled and linted by ./test.sh (Bicep CLI from NuGet); no registry modules.

targetScope = 'resourceGroup'

@description('Azure region of every resource (Japan East for data residency in Japan).')
param location string = resourceGroup().location

@description('Short lower-case prefix of every resource name.')
@minLength(3)
@maxLength(12)
param namePrefix string = 'secaichat'

@description('The platform\'s domain: the root site is https://{rootDomain}, workspaces are https://{id}.{rootDomain}.')
param rootDomain string

@description('The server database: PostgreSql (Azure Database for PostgreSQL Flexible Server) or SqlServer (Azure SQL Database).')
@allowed([
  'PostgreSql'
  'SqlServer'
])
param databaseProvider string = 'PostgreSql'

@description('Administrator login of the database server.')
param databaseAdminLogin string = 'secureaichatadmin'

@description('Administrator password of the database server; stored in Key Vault, never in an app setting.')
@secure()
@minLength(16)
param databaseAdminPassword string

@description('App Service plan size (Premium v3).')
@allowed([
  'P0v3'
  'P1v3'
  'P2v3'
  'P3v3'
])
param appServiceSku string = 'P1v3'

@description('App instances behind App Service\'s load balancer (at least 3).')
@minValue(3)
@maxValue(30)
param instanceCount int = 3

@description('Azure OpenAI model deployed as the platform\'s default (the "system default" provider option).')
param openAiModel string = 'gpt-4o-mini'

@description('Version of that model.')
param openAiModelVersion string = '2024-07-18'

@description('Capacity of the deployment in thousands of tokens per minute.')
@minValue(1)
param openAiCapacity int = 50

@description('Name of the Key Vault certificate that encrypts the Data Protection key ring. Empty on the first deployment; create the certificate (docs/deploy-azure.md, step 4) and deploy again with its name.')
param dataProtectionCertificateName string = ''

@description('SMTP server for mail (invitations, alerts, invoices). Empty: mail goes to the pickup folder on the instance\'s disk, which nobody reads.')
param smtpHost string = ''

@description('SMTP port.')
param smtpPort int = 587

@description('SMTP user name.')
param smtpUserName string = ''

@description('SMTP password; stored in Key Vault.')
@secure()
param smtpPassword string = ''

@description('Sender of every mail, e.g. "Secure AI Chat <no-reply@example.co.jp>".')
param mailFrom string = 'Secure AI Chat <no-reply@${rootDomain}>'

@description('Entra ID app registration for workspace single sign-on (docs/deploy-azure.md, step 6). Empty: SSO is off.')
param entraClientId string = ''

@description('Client secret of that app registration; stored in Key Vault.')
@secure()
param entraClientSecret string = ''

var suffix = uniqueString(resourceGroup().id)
var names = {
  plan: '${namePrefix}-plan-${suffix}'
  site: '${namePrefix}-${suffix}'
  vault: take('${namePrefix}kv${suffix}', 24)
  logs: '${namePrefix}-logs-${suffix}'
  insights: '${namePrefix}-ai-${suffix}'
  openAi: '${namePrefix}-oai-${suffix}'
  postgres: '${namePrefix}-pg-${suffix}'
  sqlServer: '${namePrefix}-sql-${suffix}'
  database: 'secureaichat'
}
var usePostgres = databaseProvider == 'PostgreSql'
var useSmtp = !empty(smtpHost)
var useSso = !empty(entraClientId)
var useCertificate = !empty(dataProtectionCertificateName)
// Built-in role "Key Vault Secrets User": read secret values (Key Vault references of app settings).
var keyVaultSecretsUser = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: names.logs
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 90
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: names.insights
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    DisableLocalAuth: false
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: names.vault
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
  }
}

resource openAi 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: names.openAi
  location: location
  kind: 'OpenAI'
  sku: {
    name: 'S0'
  }
  properties: {
    customSubDomainName: names.openAi
    publicNetworkAccess: 'Enabled'
  }
}

resource openAiDeployment 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
  parent: openAi
  name: openAiModel
  sku: {
    name: 'GlobalStandard'
    capacity: openAiCapacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: openAiModel
      version: openAiModelVersion
    }
  }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = if (usePostgres) {
  name: names.postgres
  location: location
  sku: {
    name: 'Standard_D2ds_v5'
    tier: 'GeneralPurpose'
  }
  properties: {
    version: '16'
    administratorLogin: databaseAdminLogin
    administratorLoginPassword: databaseAdminPassword
    storage: {
      storageSizeGB: 64
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: 35
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'ZoneRedundant'
    }
    authConfig: {
      passwordAuth: 'Enabled'
      activeDirectoryAuth: 'Disabled'
    }
  }
}

resource postgresDatabase 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = if (usePostgres) {
  parent: postgres
  name: names.database
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

// 0.0.0.0 to 0.0.0.0 is Azure's "allow Azure services" rule: App Service's outbound addresses are shared and change.
resource postgresAzureAccess 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = if (usePostgres) {
  parent: postgres
  name: 'AllowAzureServices'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource sqlServer 'Microsoft.Sql/servers@2023-08-01' = if (!usePostgres) {
  name: names.sqlServer
  location: location
  properties: {
    administratorLogin: databaseAdminLogin
    administratorLoginPassword: databaseAdminPassword
    minimalTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource sqlDatabase 'Microsoft.Sql/servers/databases@2023-08-01' = if (!usePostgres) {
  parent: sqlServer
  name: names.database
  location: location
  sku: {
    name: 'GP_Gen5_2'
    tier: 'GeneralPurpose'
  }
  properties: {
    collation: 'Japanese_XJIS_140_CI_AS'
    zoneRedundant: true
  }
}

resource sqlAzureAccess 'Microsoft.Sql/servers/firewallRules@2023-08-01' = if (!usePostgres) {
  parent: sqlServer
  name: 'AllowAzureServices'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

var postgresConnection = usePostgres
  ? 'Host=${postgres!.properties.fullyQualifiedDomainName};Database=${names.database};Username=${databaseAdminLogin};Password=${databaseAdminPassword};SSL Mode=VerifyFull'
  : ''
var sqlConnection = !usePostgres
  ? 'Server=tcp:${sqlServer!.properties.fullyQualifiedDomainName},1433;Database=${names.database};User ID=${databaseAdminLogin};Password=${databaseAdminPassword};Encrypt=True;TrustServerCertificate=False'
  : ''

// Secrets live in Key Vault; app settings hold Key Vault references, so no secret is readable in the site's configuration.
resource databaseSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'database-connection'
  properties: {
    value: usePostgres ? postgresConnection : sqlConnection
  }
}

resource openAiKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'openai-api-key'
  properties: {
    value: openAi.listKeys().key1
  }
}

resource smtpSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (useSmtp) {
  parent: vault
  name: 'smtp-password'
  properties: {
    value: smtpPassword
  }
}

resource entraSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (useSso) {
  parent: vault
  name: 'entra-client-secret'
  properties: {
    value: entraClientSecret
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: names.plan
  location: location
  kind: 'linux'
  sku: {
    name: appServiceSku
    capacity: instanceCount
  }
  properties: {
    reserved: true
    zoneRedundant: true
  }
}

// The Data Protection certificate, imported from Key Vault into the plan (second deployment, once it exists).
resource keyRingCertificate 'Microsoft.Web/certificates@2024-04-01' = if (useCertificate) {
  name: '${names.site}-keyring'
  location: location
  properties: {
    serverFarmId: plan.id
    keyVaultId: vault.id
    keyVaultSecretName: dataProtectionCertificateName
  }
}

var reference = 'https://${vault.name}${environment().suffixes.keyvaultDns}/secrets'
var baseSettings = [
  { name: 'ASPNETCORE_ENVIRONMENT', value: 'Production' }
  { name: 'Database__Provider', value: databaseProvider }
  { name: 'ConnectionStrings__Default', value: '@Microsoft.KeyVault(SecretUri=${reference}/${databaseSecret.name})' }
  { name: 'Tenancy__RootDomain', value: rootDomain }
  { name: 'Tenancy__PublicScheme', value: 'https' }
  // App Service's front ends are the only way in, and their addresses are not published: every peer is one of them.
  { name: 'ForwardedHeaders__KnownNetworks__0', value: '0.0.0.0/0' }
  { name: 'ForwardedHeaders__KnownNetworks__1', value: '::/0' }
  { name: 'AI__SystemDefault__Provider', value: 'AzureOpenAI' }
  { name: 'AI__SystemDefault__Endpoint', value: openAi.properties.endpoint }
  { name: 'AI__SystemDefault__Model', value: openAiDeployment.name }
  { name: 'AI__SystemDefault__ApiKey', value: '@Microsoft.KeyVault(SecretUri=${reference}/${openAiKeySecret.name})' }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
  { name: 'Email__From', value: mailFrom }
  { name: 'Hangfire__WorkerCount', value: '2' }
]
var smtpSettings = useSmtp
  ? [
      { name: 'Email__Smtp__Host', value: smtpHost }
      { name: 'Email__Smtp__Port', value: string(smtpPort) }
      { name: 'Email__Smtp__UserName', value: smtpUserName }
      { name: 'Email__Smtp__Password', value: '@Microsoft.KeyVault(SecretUri=${reference}/smtp-password)' }
    ]
  : []
var ssoSettings = useSso
  ? [
      { name: 'AzureAd__Instance', value: environment().authentication.loginEndpoint }
      { name: 'AzureAd__TenantId', value: 'organizations' }
      { name: 'AzureAd__ClientId', value: entraClientId }
      { name: 'AzureAd__ClientSecret', value: '@Microsoft.KeyVault(SecretUri=${reference}/entra-client-secret)' }
    ]
  : []
// Linux App Service writes certificates named in WEBSITE_LOAD_CERTIFICATES to /var/ssl/private/{thumbprint}.p12 (no password).
var certificateSettings = useCertificate
  ? [
      { name: 'WEBSITE_LOAD_CERTIFICATES', value: keyRingCertificate!.properties.thumbprint }
      { name: 'DataProtection__Certificate__Path', value: '/var/ssl/private/${keyRingCertificate!.properties.thumbprint}.p12' }
    ]
  : [
      // Only until the certificate exists (first deployment): the app logs a warning while the key ring is unprotected.
      { name: 'DataProtection__AllowUnprotectedKeys', value: 'true' }
    ]

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: names.site
  location: location
  kind: 'app,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // ARR affinity: a member's Blazor circuit stays on the instance that holds it.
    clientAffinityEnabled: true
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|10.0'
      // migrate first: idempotent and safe when the instances start together (EF takes the migration lock).
      appCommandLine: 'dotnet SecureAiChat.Web.dll migrate && exec dotnet SecureAiChat.Web.dll'
      alwaysOn: true
      webSocketsEnabled: true
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      healthCheckPath: '/health/ready'
      appSettings: concat(baseSettings, smtpSettings, ssoSettings, certificateSettings)
    }
  }
}

resource siteReadsSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, site.id, keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: keyVaultSecretsUser
    principalId: site.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

output siteName string = site.name
output siteHostName string = site.properties.defaultHostName
output keyVaultName string = vault.name
output customDomainVerificationId string = site.properties.customDomainVerificationId
output databaseServer string = usePostgres ? postgres!.properties.fullyQualifiedDomainName : sqlServer!.properties.fullyQualifiedDomainName
