metadata description = 'A Flex Consumption (FC1) plan and a Linux Function App on it, running the .NET isolated worker, deployed from a blob container with a user-assigned identity.'

import { instanceMemory } from '../../types.bicep'

@description('Function App name.')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Region.')
param location string = resourceGroup().location

@description('Tags for the plan; the app also gets azd-service-name.')
param tags object = {}

@description('azd service name this app hosts (azure.yaml).')
param serviceName string

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Blob endpoint of the deployment storage account.')
param deploymentBlobEndpoint string

@description('Container the app package is deployed to.')
param deploymentContainerName string

@allowed([
  'dotnet-isolated'
])
@description('Worker runtime.')
param runtimeName string = 'dotnet-isolated'

@allowed([
  '8.0'
  '9.0'
  '10.0'
])
@description('.NET version of the isolated worker (the project targets net10.0).')
param runtimeVersion string = '10.0'

@description('Instance memory size in MB.')
param instanceMemoryMB instanceMemory = 2048

@minValue(40)
@maxValue(1000)
@description('Upper bound of instances the app scales out to.')
param maximumInstanceCount int = 100

@description('App settings (name to value), Key Vault references included.')
param appSettings object

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with this identity (a user-assigned one must be named explicitly).
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${deploymentBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: runtimeName
        version: runtimeVersion
      }
    }
  }

  resource settings 'config' = {
    name: 'appsettings'
    properties: appSettings
  }
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
output uri string = 'https://${app.properties.defaultHostName}'
