metadata description = 'Operations alerts mailed to the operator: dead letters on the Service Bus queues, failed function executions, SLA breaches per hour above a threshold, and failures of the inbound mail Logic App when there is one.'

@description('Name of the action group that mails the operator.')
param actionGroupName string

@description('Prefix of the alert rule names, e.g. alert-<namePrefix>.')
param alertNamePrefix string

@description('Azure region of the log alert rules (that of Application Insights); action groups and metric alerts are global.')
param location string

@description('Tags applied to every resource.')
param tags { *: string }

@description('Address that receives every alert.')
@minLength(3)
@maxLength(320)
param alertEmail string

@description('Name of the Service Bus namespace whose queues are watched.')
param serviceBusNamespaceName string

@description('Names of all the queues of the namespace.')
param queueNames string[]

@description('Name of the queue (one of queueNames) every other queue forwards its dead letters to, and where the app puts messages it can never process.')
param deadLetterQueueName string

@description('Name of the inbound mail Logic App (mailConnector=logicApp); empty: none is deployed, and nothing watches it.')
param mailConnectorWorkflowName string

@description('Name of the workspace-based Application Insights component the function app logs to.')
param applicationInsightsName string

@description('SLA breaches recorded in one hour above which the operator is alerted.')
@minValue(1)
param slaBreachesPerHourThreshold int

resource namespace 'Microsoft.ServiceBus/namespaces@2026-01-01' existing = {
  name: serviceBusNamespaceName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: actionGroupName
  location: 'global'
  tags: tags
  properties: {
    enabled: true
    groupShortName: take(actionGroupName, 12)
    emailReceivers: [
      {
        name: 'operator'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

// Service Bus gauges sampled each minute with the queue in the EntityName dimension
// (https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-servicebus-namespaces-metrics).
// Every queue forwards its dead letters to the dead-letters queue, where they are active messages, so that queue's
// ActiveMessages is where a dead letter of any queue shows; DeadletteredMessages per queue catches what stays in a
// queue's own dead-letter subqueue (dead-letters' own expired messages, a forward that failed).
var queueAlerts = [
  {
    name: '${alertNamePrefix}-dead-letters'
    description: 'Messages are waiting on ${deadLetterQueueName}: a queue function could not process them (README "Dead-lettered messages").'
    scope: namespace.id
    metricNamespace: 'Microsoft.ServiceBus/namespaces'
    metricName: 'ActiveMessages'
    timeAggregation: 'Maximum'
    // One time series per queue: the alert names the queue.
    dimensions: [{ name: 'EntityName', operator: 'Include', values: [deadLetterQueueName] }]
  }
  {
    name: '${alertNamePrefix}-dead-lettered'
    description: 'A queue holds messages in its own dead-letter subqueue, which nothing forwards or reads (README "Dead-lettered messages").'
    scope: namespace.id
    metricNamespace: 'Microsoft.ServiceBus/namespaces'
    metricName: 'DeadletteredMessages'
    timeAggregation: 'Maximum'
    dimensions: [{ name: 'EntityName', operator: 'Include', values: queueNames }]
  }
]

// The inbound mail Logic App's counters (https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-logic-workflows-metrics):
// a failed trigger is mostly a connection that lost its authorization, a failed run a mail Service Bus refused.
var mailConnectorId = resourceId('Microsoft.Logic/workflows', mailConnectorWorkflowName)
var mailConnectorAlerts = map(['TriggersFailed', 'RunsFailed'], metricName => {
  name: '${alertNamePrefix}-mail-connector-${toLower(metricName)}'
  description: 'The inbound mail Logic App ${mailConnectorWorkflowName}: ${metricName} (README "Inbound mail through a Logic App").'
  scope: mailConnectorId
  metricNamespace: 'Microsoft.Logic/workflows'
  metricName: metricName
  timeAggregation: 'Total'
  dimensions: []
})

resource metricAlerts 'Microsoft.Insights/metricAlerts@2026-01-01' = [
  for alert in concat(queueAlerts, empty(mailConnectorWorkflowName) ? [] : mailConnectorAlerts): {
    name: alert.name
    location: 'global'
    tags: tags
    properties: {
      description: alert.description
      severity: 2
      enabled: true
      scopes: [alert.scope]
      evaluationFrequency: 'PT5M'
      windowSize: 'PT5M'
      criteria: {
        'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
        allOf: [
          {
            criterionType: 'StaticThresholdCriterion'
            name: alert.metricName
            metricNamespace: alert.metricNamespace
            metricName: alert.metricName
            dimensions: alert.dimensions
            operator: 'GreaterThan'
            threshold: 0
            timeAggregation: alert.timeAggregation
          }
        ]
      }
      autoMitigate: true
      actions: [
        {
          actionGroupId: actionGroup.id
        }
      ]
    }
  }
]

// Log alerts over the function app's telemetry in Application Insights (its classic table names).
// - Failed executions: a thrown error in any function. Client errors (4xx) are answers to bad input, not failures;
//   a queue message the app dead-letters on purpose completes, so it is counted by the dead-letter alerts instead.
// - SLA breaches: the line functions/slaSweep.ts logs per breach recorded, "slaBreached tenant=... case=... metric=...".
var logAlerts = [
  {
    name: '${alertNamePrefix}-function-failures'
    description: 'A function failed (requests with success == false, 4xx answers excepted), per function.'
    severity: 1
    query: 'requests | where success == false and not(resultCode startswith "4")'
    dimension: 'operation_Name'
    threshold: 0
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
  }
  {
    name: '${alertNamePrefix}-sla-breaches'
    description: 'More than ${slaBreachesPerHourThreshold} SLA breaches were recorded in the last hour.'
    severity: 2
    query: 'traces | where message startswith "slaBreached "'
    dimension: ''
    threshold: slaBreachesPerHourThreshold
    evaluationFrequency: 'PT15M'
    windowSize: 'PT1H'
  }
]

resource telemetryAlerts 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = [
  for alert in logAlerts: {
    name: alert.name
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: alert.name
      description: alert.description
      severity: alert.severity
      enabled: true
      scopes: [applicationInsights.id]
      evaluationFrequency: alert.evaluationFrequency
      windowSize: alert.windowSize
      criteria: {
        allOf: [
          {
            query: alert.query
            timeAggregation: 'Count'
            dimensions: empty(alert.dimension)
              ? []
              : [
                  {
                    name: alert.dimension
                    operator: 'Include'
                    values: ['*']
                  }
                ]
            operator: 'GreaterThan'
            threshold: alert.threshold
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      autoMitigate: true
      actions: {
        actionGroups: [actionGroup.id]
      }
    }
  }
]

@description('Resource id of the action group the alerts notify.')
output actionGroupId string = actionGroup.id
