// Package statemachine builds the definitions of a deployment's ingest and
// restore state machines (Amazon States Language with JSONata).
package statemachine

import (
	"encoding/json"
	"strconv"

	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

// Definition is a state machine definition.
type Definition struct {
	Comment       string           `json:"Comment,omitempty"`
	QueryLanguage string           `json:"QueryLanguage"`
	StartAt       string           `json:"StartAt"`
	States        map[string]State `json:"States"`
}

// State is one state; only the fields of its type are set.
type State struct {
	Type        string         `json:"Type"`
	Comment     string         `json:"Comment,omitempty"`
	Resource    string         `json:"Resource,omitempty"`
	Credentials map[string]any `json:"Credentials,omitempty"`
	Arguments   any            `json:"Arguments,omitempty"` // an object, or a JSONata expression string
	// Map states: the JSONata expression of the items, and the states run for each.
	Items          string         `json:"Items,omitempty"`
	ItemProcessor  *Processor     `json:"ItemProcessor,omitempty"`
	MaxConcurrency int            `json:"MaxConcurrency,omitempty"`
	Seconds        int            `json:"Seconds,omitempty"`
	Choices        []Choice       `json:"Choices,omitempty"`
	Default        string         `json:"Default,omitempty"`
	Output         *string        `json:"Output,omitempty"`
	Assign         map[string]any `json:"Assign,omitempty"`
	Retry          []Retrier      `json:"Retry,omitempty"`
	Catch          []Catcher      `json:"Catch,omitempty"`
	Next           string         `json:"Next,omitempty"`
	// Fail states: the error name and its cause, strings or JSONata
	// expressions (https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html).
	Error string `json:"Error,omitempty"`
	Cause string `json:"Cause,omitempty"`
}

// Processor is the workflow a Map state runs for each item
// (https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html).
type Processor struct {
	ProcessorConfig map[string]string `json:"ProcessorConfig"`
	StartAt         string            `json:"StartAt"`
	States          map[string]State  `json:"States"`
}

// Retrier retries a Task on the errors it names.
type Retrier struct {
	ErrorEquals     []string `json:"ErrorEquals"`
	IntervalSeconds int      `json:"IntervalSeconds"`
	MaxAttempts     int      `json:"MaxAttempts"`
	BackoffRate     float64  `json:"BackoffRate"`
}

// Catcher goes on to Next when a Task fails with an error it names.
type Catcher struct {
	ErrorEquals []string       `json:"ErrorEquals"`
	Comment     string         `json:"Comment,omitempty"`
	Assign      map[string]any `json:"Assign,omitempty"`
	Output      *string        `json:"Output,omitempty"`
	Next        string         `json:"Next"`
}

// Choice is one branch of a Choice state.
type Choice struct {
	Comment   string         `json:"Comment,omitempty"`
	Condition string         `json:"Condition"`
	Assign    map[string]any `json:"Assign,omitempty"`
	Next      string         `json:"Next"`
}

// JSON is the minified definition.
func (d Definition) JSON() string {
	out, err := json.Marshal(d)
	if err != nil {
		panic(err) // a definition holds only strings, numbers and maps
	}
	return string(out)
}

// Deployment is what both state machines of a deployment in one region need.
type Deployment struct {
	Partition string
	Region    string
	AccountID string
	Names     naming.Deployment
	// StandardConfigs are the locked vault configurations; the last is the current one.
	StandardConfigs []string
	// HasLAGVaults tells whether logically air-gapped vaults exist in the region.
	HasLAGVaults bool
	// MemberLAGVault is the member accounts' logically air-gapped vault, ""
	// when no plan backs up into one.
	MemberLAGVault string
	// RetentionDays lists, by retention tag key, the positive values the
	// deployment's backup plans write (policy.RetentionTagValues): the
	// ingest applies no other tag value.
	RetentionDays map[string][]int
	// Key is the deployment's key, which the restore's refusals name.
	Key string
	// RestoreDestinationAccountIDs are the accounts the restore may copy any
	// recovery point of the deployment into besides its origin account
	// (deployments.<key>.restoreDestinationAccountIds).
	RestoreDestinationAccountIDs []string
	// MemberLockedVault is the member accounts' compliance-locked vault of
	// in-account copies (naming.Deployment.MemberLockedCopyVault), "" when
	// inAccountLockedCopies is false: the ingest copies a backup whose copy
	// to the backup account AWS refused for its key into it.
	MemberLockedVault string
	// AlertTopicARN is the deployment's alert topic in the Region
	// (config.Config.AlertTopicARN), which the ingest's refused-copy alerts
	// go to.
	AlertTopicARN string
	// SourceKeyTypes are the AWS Backup resource types whose backups keep
	// their source's key (not fully managed by AWS Backup): only their
	// copies are refused for a key.
	SourceKeyTypes []string
}

// retentionValues is the tag key's accepted values as the strings
// ListTags returns.
func (d Deployment) retentionValues(tag string) []string {
	out := []string{}
	for _, v := range d.RetentionDays[tag] {
		out = append(out, strconv.Itoa(v))
	}
	return out
}

func (d Deployment) vaultARN(name string) string {
	return naming.VaultARN(d.Partition, d.Region, d.AccountID, name)
}

func (d Deployment) roleARN(name string) string {
	return naming.RoleARN(d.Partition, d.AccountID, name)
}

func (d Deployment) currentStandardVault() string {
	return d.Names.StandardVault(d.StandardConfigs[len(d.StandardConfigs)-1])
}

func expr(e string) string { return "{% " + e + " %}" }

func output(e string) *string {
	s := expr(e)
	return &s
}

var nothing = func() *string { s := ""; return &s }()

// throttled retries an AWS SDK call that AWS throttled or that failed on
// AWS's side; a Task without a Catch of these fails after the attempts.
var throttled = []Retrier{{
	ErrorEquals:     []string{"Backup.ThrottlingException", "Backup.ServiceUnavailableException", "States.Timeout"},
	IntervalSeconds: 5, MaxAttempts: 4, BackoffRate: 2,
}}

// sdk is the Resource of a Step Functions AWS SDK integration of AWS Backup.
func sdk(partition, action string) string {
	return naming.SDKIntegrationARN(partition, "backup", action)
}
