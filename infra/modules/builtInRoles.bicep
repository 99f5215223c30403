// Built-in Azure role definition ids (the same GUID in every tenant). One place, so every module grants
// exactly these roles and the ARM tests can look them up by id.

@export()
@description('Built-in role definition GUIDs used by this deployment.')
var builtInRoles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  storageTableDataReader: '76199698-9eea-4c19-bc75-cec21354c6b6'
  serviceBusDataOwner: '090c5cfd-751d-490a-894a-3ce6f1109419'
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  communicationAndEmailServiceOwner: '09976791-48a7-449e-bb21-39d1a415f350'
}

@export()
@description('Table access granted to the operator who runs the deployment.')
type operatorTableAccessType = 'None' | 'Reader' | 'Contributor'
