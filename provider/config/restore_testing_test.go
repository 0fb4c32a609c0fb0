package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func restoreTestingProblems(t *testing.T, rt *RestoreTesting) []string {
	t.Helper()
	c := Config{CentralAccountResourceNamePrefix: "aws-backup-", Deployments: map[string]Deployment{
		"ca-prod": {RestoreTesting: rt}}}
	var ps Problems
	c.validateRestoreTesting(&ps, "ca-prod")
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}

func TestRestoreTestingOffByDefault(t *testing.T) {
	assert.Nil(t, Deployment{}.RestoreTestingSettings())
	assert.Empty(t, restoreTestingProblems(t, nil))
}

func TestRestoreTestingDefaults(t *testing.T) {
	r := Deployment{RestoreTesting: &RestoreTesting{ResourceTypes: map[string]RestoreTestingResourceType{
		"DynamoDB": {}}}}.RestoreTestingSettings()
	assert.Equal(t, "cron(0 5 ? * 1 *)", r.ScheduleExpression)
	assert.Equal(t, 24, *r.StartWindowHours)
	assert.Equal(t, "LATEST_WITHIN_WINDOW", r.Algorithm)
	assert.Equal(t, []string{"SNAPSHOT"}, r.RecoveryPointTypes)
	assert.Equal(t, 7, *r.SelectionWindowDays)
	assert.True(t, *r.IncludeAirGappedVaults)
	assert.Equal(t, 1, *r.ResourceTypes["DynamoDB"].ValidationWindowHours)
}

func TestRestoreTestingValidation(t *testing.T) {
	zero, big := 0, 400
	got := restoreTestingProblems(t, &RestoreTesting{
		ScheduleExpression: "rate(7 days)", StartWindowHours: &zero, Algorithm: "OLDEST",
		RecoveryPointTypes: []string{"SNAPSHOT", "SNAPSHOT", "COLD"}, SelectionWindowDays: &big,
		ResourceTypes: map[string]RestoreTestingResourceType{
			"EC2":    {ValidationWindowHours: &big, RestoreMetadataOverrides: map[string]string{"SubnetId": "subnet-1", "vpcId": "vpc-1", "instanceType": ""}},
			"Lambda": {},
			"RDS":    {RestoreMetadataOverrides: map[string]string{"dbSubnetGroupName": "tests"}},
		}})
	want := []string{
		`deployments["ca-prod"].restoreTesting.scheduleExpression`,
		`deployments["ca-prod"].restoreTesting.startWindowHours: 0 is not between 1 and 168 hours (default 24)`,
		`deployments["ca-prod"].restoreTesting.algorithm: "OLDEST" is not one of LATEST_WITHIN_WINDOW, RANDOM_WITHIN_WINDOW`,
		`deployments["ca-prod"].restoreTesting.recoveryPointTypes[1]: "SNAPSHOT" is listed twice`,
		`deployments["ca-prod"].restoreTesting.recoveryPointTypes[2]: "COLD" is not one of CONTINUOUS, SNAPSHOT`,
		`deployments["ca-prod"].restoreTesting.selectionWindowDays: 400 is not between 1 and 365 days`,
		`deployments["ca-prod"].restoreTesting.resourceTypes["EC2"].validationWindowHours: 400 is not between 1 and 168`,
		`deployments["ca-prod"].restoreTesting.resourceTypes["EC2"].restoreMetadataOverrides["instanceType"]: the value is empty`,
		`deployments["ca-prod"].restoreTesting.resourceTypes["EC2"].restoreMetadataOverrides["vpcId"]: AWS Backup does not let restore testing override "vpcId" for EC2`,
		`deployments["ca-prod"].restoreTesting.resourceTypes["Lambda"]: "Lambda" is not a resource type restore testing supports`,
	}
	assert.Len(t, got, len(want), "%q", got)
	for i := range want {
		if i < len(got) {
			assert.Contains(t, got[i], want[i])
		}
	}
}

func TestRestoreTestingNeedsAResourceType(t *testing.T) {
	got := restoreTestingProblems(t, &RestoreTesting{})
	assert.Len(t, got, 1)
	assert.Contains(t, got[0], `deployments["ca-prod"].restoreTesting.resourceTypes: name at least one resource type`)
}

func TestRestoreTestingNameLengths(t *testing.T) {
	c := Config{CentralAccountResourceNamePrefix: "a-very-long-central-prefix-for-restore-testing-", Deployments: map[string]Deployment{
		"ca-prod": {RestoreTesting: &RestoreTesting{ResourceTypes: map[string]RestoreTestingResourceType{"S3": {}}}}}}
	var ps Problems
	c.validateRestoreTesting(&ps, "ca-prod")
	assert.Len(t, ps, 3)
	assert.Contains(t, ps[0].String(), "the restore testing plan's name")
	assert.Contains(t, ps[1].String(), "the restore testing role's name")
	assert.Contains(t, ps[2].String(), "the restore testing alert rule's name")
}
