using './main.bicep'

// Location is left to main.bicep's default: the resource group's region (create the group in a region
// with Flex Consumption). A recent Azure CLI also takes `--parameters name=value` after this file.
param namePrefix = 'cspdesk'
param tags = {
  application: 'csp-support-desk'
}
param operatorTableAccess = 'None'
