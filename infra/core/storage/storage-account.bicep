metadata description = 'The storage account: Functions host storage (Durable Task hub, queue triggers, timers), the product tables and queues, and the Flex deployment container.'

@description('Storage account name (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Region.')
param location string = resourceGroup().location

@description('Tags.')
param tags object = {}

@description('Blob container Flex Consumption deploys the app package to.')
param deploymentContainerName string

@description('Queues the app listens on; created up front so the first message never races the listener.')
param queueNames array = [
  'leads-intake'
  'customer-actions'
  'leads-import'
]

@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
])
@description('Replication.')
param skuName string = 'Standard_LRS'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: skuName }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    // The product's table/queue adapters take a connection string (kept in Key Vault); the host uses identity.
    allowSharedKeyAccess: true
    supportsHttpsTrafficOnly: true
    dnsEndpointType: 'Standard'
  }

  resource blobServices 'blobServices' = {
    name: 'default'
    resource deployment 'containers' = {
      name: deploymentContainerName
    }
  }

  resource queueServices 'queueServices' = {
    name: 'default'
    resource queues 'queues' = [for queue in queueNames: {
      name: queue
    }]
  }

  resource tableServices 'tableServices' = {
    name: 'default'
  }
}

output name string = storage.name
output id string = storage.id
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output queueEndpoint string = storage.properties.primaryEndpoints.queue
output tableEndpoint string = storage.properties.primaryEndpoints.table
