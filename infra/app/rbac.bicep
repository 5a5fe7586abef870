metadata description = 'Role assignments for the Function App identity: identity-based host storage, Key Vault references, and Application Insights with Entra ID auth.'

import { roleAssignment } from '../types.bicep'

@description('Principal (object) id of the app identity.')
param principalId string

@description('Storage account the host and the app use.')
param storageAccountName string

@description('Key Vault holding the app secrets.')
param keyVaultName string

@description('Application Insights component the app sends telemetry to.')
param applicationInsightsName string

// Durable Functions on Azure Storage needs blobs (leases), queues (work items) and tables (history, instances).
var storageRoles roleAssignment[] = [
  { roleDefinitionId: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b', roleName: 'Storage Blob Data Owner' }
  { roleDefinitionId: '974c5e8b-45b9-4653-ba55-5f855dd0fb88', roleName: 'Storage Queue Data Contributor' }
  { roleDefinitionId: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3', roleName: 'Storage Table Data Contributor' }
]
var keyVaultSecretsUser roleAssignment = { roleDefinitionId: '4633458b-17de-408a-b874-0445c86b69e6', roleName: 'Key Vault Secrets User' }
var monitoringMetricsPublisher roleAssignment = { roleDefinitionId: '3913510d-42f4-4e42-8a64-420c390055eb', roleName: 'Monitoring Metrics Publisher' }

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource storageAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in storageRoles: {
  name: guid(storage.id, principalId, role.roleDefinitionId)
  scope: storage
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.roleDefinitionId)
    description: '${role.roleName} for the Function App'
  }
}]

resource vaultAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, keyVaultSecretsUser.roleDefinitionId)
  scope: vault
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser.roleDefinitionId)
    description: '${keyVaultSecretsUser.roleName} for the Function App (Key Vault references)'
  }
}

resource monitoringAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, principalId, monitoringMetricsPublisher.roleDefinitionId)
  scope: applicationInsights
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher.roleDefinitionId)
    description: '${monitoringMetricsPublisher.roleName} for the Function App'
  }
}
