metadata description = 'Key Vault (RBAC authorisation) holding the app secrets the Function App reads through Key Vault references.'

import { appSecrets } from '../../types.bicep'

@description('Key Vault name (3-24 characters).')
@minLength(3)
@maxLength(24)
param name string

@description('Region.')
param location string = resourceGroup().location

@description('Tags.')
param tags object = {}

@description('The secret values to store.')
param secrets appSecrets

@description('Name of the storage account whose connection string is stored for the product adapters.')
param storageAccountName string

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

// A Key Vault secret cannot be empty: without a SendGrid key the secret is not created and the app setting
// stays empty, which keeps email in the dev outbox.
resource sendGridApiKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(secrets.sendGridApiKey)) {
  parent: vault
  name: 'SendGrid-ApiKey'
  properties: { value: secrets.sendGridApiKey }
}

resource unsubscribeSigningKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'Unsubscribe-SigningKey'
  properties: { value: secrets.unsubscribeSigningKey }
}

resource storageConnectionString 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'Storage-ConnectionString'
  properties: {
    value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};EndpointSuffix=${environment().suffixes.storage};AccountKey=${storage.listKeys().keys[0].value}'
  }
}

output name string = vault.name
output id string = vault.id
output uri string = vault.properties.vaultUri
// An output must not depend on a secret, not even on whether it is empty: the caller, which knows whether it
// gave a SendGrid key, decides whether to use this URI.
@description('Secret URI (latest version) of the SendGrid key; the secret exists only when a key was given.')
output sendGridApiKeySecretUri string = '${vault.properties.vaultUri}secrets/SendGrid-ApiKey'
output unsubscribeSigningKeySecretUri string = '${vault.properties.vaultUri}secrets/${unsubscribeSigningKey.name}'
output storageConnectionStringSecretUri string = '${vault.properties.vaultUri}secrets/${storageConnectionString.name}'
