targetScope = 'subscription'

// FunnelAutomation on Azure: a Flex Consumption Function App (.NET 10 isolated worker) with its storage,
// monitoring and Key Vault, laid out like the Azure-Samples azd templates. `azd up` provisions and deploys.

import { appSecrets } from 'types.bicep'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; used for the resource group and the unique resource suffix.')
param environmentName string

@minLength(1)
@description('Region for every resource (one that offers Flex Consumption).')
@allowed([
  'australiaeast'
  'centralus'
  'eastasia'
  'eastus'
  'eastus2'
  'francecentral'
  'germanywestcentral'
  'northeurope'
  'southcentralus'
  'southeastasia'
  'swedencentral'
  'uksouth'
  'westeurope'
  'westus2'
  'westus3'
])
@metadata({ azd: { type: 'location' } })
param location string

@description('Resource group name; default rg-<environmentName>.')
param resourceGroupName string = ''

@secure()
@description('SendGrid API key. Empty: emails go to the dev outbox instead of SendGrid.')
param sendGridApiKey string = ''

@secure()
@description('HMAC key for unsubscribe tokens (azd keeps one per environment in Key Vault).')
param unsubscribeSigningKey string

@description('Sender address of every email.')
param sendGridFromEmail string = 'funnel@example.com'

@description('Sender display name.')
param sendGridFromName string = 'FunnelAutomation'

@description('SendGrid Event Webhook verification key (public key, base64). Empty: webhook posts are not verified.')
param sendGridWebhookVerificationKey string = ''

@description('Pipeline a lead joins when its submission names none.')
param defaultPipeline string = 'b2b-standard'

@description('Prefix for the product table and queue names.')
param storageNamePrefix string = ''

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = 'func-api-${resourceToken}'
var deploymentContainerName = 'app-package-${take(resourceToken, 7)}'
var secrets appSecrets = {
  sendGridApiKey: sendGridApiKey
  unsubscribeSigningKey: unsubscribeSigningKey
}

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'core/security/user-assigned-identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-api-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'core/monitor/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'core/storage/storage-account.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
  }
}

module keyVault 'core/security/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: 'kv-${resourceToken}'
    location: location
    tags: tags
    secrets: secrets
    storageAccountName: storage.outputs.name
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    principalId: identity.outputs.principalId
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  dependsOn: [rbac] // the app must be able to read its Key Vault references and storage when it starts
  params: {
    name: functionAppName
    planName: 'plan-${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    secretUris: {
      sendGridApiKey: empty(sendGridApiKey) ? '' : keyVault.outputs.sendGridApiKeySecretUri // no key: no secret, email stays in the dev outbox
      unsubscribeSigningKey: keyVault.outputs.unsubscribeSigningKeySecretUri
      storageConnectionString: keyVault.outputs.storageConnectionStringSecretUri
    }
    funnel: {
      defaultPipeline: defaultPipeline
      fromEmail: sendGridFromEmail
      fromName: sendGridFromName
      webhookVerificationKey: sendGridWebhookVerificationKey
      storageNamePrefix: storageNamePrefix
    }
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.applicationInsightsConnectionString
output SERVICE_API_NAME string = api.outputs.name
@description('Base URL of the HTTP API (routes under /api).')
output API_BASE_URL string = '${api.outputs.uri}/api'
