metadata description = 'The FunnelAutomation API: the Function App with every app setting the code reads (see AppSettingNames.cs; the Infra tests check the two agree).'

@description('Function App name.')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Region.')
param location string = resourceGroup().location

@description('Tags.')
param tags object = {}

@description('Resource id of the app identity.')
param identityId string

@description('Client id of the app identity (identity-based host storage, App Insights auth).')
param identityClientId string

@description('Storage account for the host and the deployment package.')
param storageAccountName string

@description('Blob endpoint of that account.')
param storageBlobEndpoint string

@description('Deployment container.')
param deploymentContainerName string

@description('Application Insights connection string.')
param applicationInsightsConnectionString string

@description('Key Vault secret URIs the app settings reference.')
param secretUris {
  @description('Empty when no SendGrid key was given (email stays in the dev outbox).')
  sendGridApiKey: string
  unsubscribeSigningKey: string
  storageConnectionString: string
}

@description('Funnel settings that are not secrets.')
param funnel {
  @description('Pipeline a lead joins when its submission names none.')
  defaultPipeline: string
  @description('Sender address for every email.')
  fromEmail: string
  @description('Sender display name.')
  fromName: string
  @description('SendGrid Event Webhook verification key (public, base64); empty: the webhook answers 503.')
  webhookVerificationKey: string
  @description('Prefix for the product table and queue names.')
  storageNamePrefix: string
}

var appHostName = '${name}.azurewebsites.net'

// Keep in step with src/FunnelAutomation.Functions/AppSettingNames.cs.
var appSettings = {
  // Host storage by identity: Durable Task hub, queue triggers, timer leases.
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  // Product storage (tables and queues) for the Application/Azure adapters.
  Storage__ConnectionString: '@Microsoft.KeyVault(SecretUri=${secretUris.storageConnectionString})'
  Storage__NamePrefix: funnel.storageNamePrefix
  Funnel__DefaultPipeline: funnel.defaultPipeline
  Funnel__PublicBaseUrl: 'https://${appHostName}'
  SendGrid__ApiKey: empty(secretUris.sendGridApiKey) ? '' : '@Microsoft.KeyVault(SecretUri=${secretUris.sendGridApiKey})'
  SendGrid__FromEmail: funnel.fromEmail
  SendGrid__FromName: funnel.fromName
  SendGrid__WebhookPublicKey: funnel.webhookVerificationKey
  Funnel__UnsubscribeSigningKey: '@Microsoft.KeyVault(SecretUri=${secretUris.unsubscribeSigningKey})'
  // Queue triggers: the product account, and the physical queue names (prefix applied; the app checks them at startup).
  FunnelQueues: '@Microsoft.KeyVault(SecretUri=${secretUris.storageConnectionString})'
  LeadsIntakeQueueName: empty(funnel.storageNamePrefix) ? 'leads-intake' : '${toLower(funnel.storageNamePrefix)}-leads-intake'
  CustomerActionsQueueName: empty(funnel.storageNamePrefix) ? 'customer-actions' : '${toLower(funnel.storageNamePrefix)}-customer-actions'
  LeadsImportQueueName: empty(funnel.storageNamePrefix) ? 'leads-import' : '${toLower(funnel.storageNamePrefix)}-leads-import'
  Api__AllowedOrigins: 'https://${appHostName}'
}

module function '../core/host/functions-flexconsumption.bicep' = {
  name: 'api-function-app'
  params: {
    name: name
    planName: planName
    location: location
    tags: tags
    serviceName: 'api'
    identityId: identityId
    deploymentBlobEndpoint: storageBlobEndpoint
    deploymentContainerName: deploymentContainerName
    runtimeName: 'dotnet-isolated'
    runtimeVersion: '10.0'
    appSettings: appSettings
  }
}

output name string = function.outputs.name
output uri string = function.outputs.uri
