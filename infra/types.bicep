// Shared user-defined types for the modules.

@export()
@description('Flex Consumption instance sizes (MB) the plan offers.')
type instanceMemory = 512 | 2048 | 4096

@export()
@description('A role assignment for a principal on a resource in this template.')
type roleAssignment = {
  @description('Built-in role definition id (a GUID).')
  roleDefinitionId: string
  @description('Human-readable role name, for the assignment description.')
  roleName: string
}

@export()
@secure()
@description('The secrets the app reads through Key Vault references.')
type appSecrets = {
  @secure()
  @description('SendGrid API key; empty keeps email in the dev outbox.')
  sendGridApiKey: string
  @secure()
  @description('HMAC key for unsubscribe tokens.')
  unsubscribeSigningKey: string
}
