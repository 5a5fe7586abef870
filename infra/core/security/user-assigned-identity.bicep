metadata description = 'The user-assigned managed identity the Function App runs as.'

@description('Identity name.')
param name string

@description('Region.')
param location string = resourceGroup().location

@description('Tags.')
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId
