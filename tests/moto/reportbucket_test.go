//go:build moto

package moto

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/central"
	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
)

// TestReportBucketInMoto creates lag-pitr's report bucket in moto's S3 as
// planned (Object Lock enabled at creation, versioning, the default
// retention, SSE-S3, the public access block, the policy), reads each
// setting back, then puts a report as AWS Backup would and tries to delete
// its version: compliance mode refuses, with or without the governance
// bypass ("can't be overwritten or deleted by any user",
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html).
// The authorization tier's simulator has no model of Object Lock; moto
// enforces a retention on its object versions.
func TestReportBucketInMoto(t *testing.T) {
	endpoint := startMoto(t)
	resetMoto(t, endpoint)
	ctx := t.Context()
	data, err := os.ReadFile("../../examples/config/lag-pitr.yaml")
	require.NoError(t, err)
	file, err := config.Load(data)
	require.NoError(t, err)
	plan, err := central.Build(file.Config, file.Context)
	require.NoError(t, err)
	byType := map[string]desired.Resource{}
	for _, r := range plan.Resources {
		if strings.HasPrefix(r.Type, "aws:s3/") {
			byType[r.Type] = r
		}
	}
	bucketResource := byType[desired.S3Bucket]
	require.NotEmpty(t, bucketResource.Name, "lag-pitr plans a report bucket")
	bucket := bucketResource.Inputs["bucket"].(string)
	client := s3.NewFromConfig(awsConfig(endpoint, bucketResource.Region), func(o *s3.Options) { o.UsePathStyle = true })

	_, err = client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket),
		ObjectLockEnabledForBucket: aws.Bool(bucketResource.Inputs["objectLockEnabled"].(bool)),
		CreateBucketConfiguration: &s3types.CreateBucketConfiguration{
			LocationConstraint: s3types.BucketLocationConstraint(bucketResource.Region)}})
	require.NoError(t, err)

	versioning := byType[desired.S3BucketVersioning].Inputs["versioningConfiguration"].(map[string]any)
	_, err = client.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String(bucket),
		VersioningConfiguration: &s3types.VersioningConfiguration{
			Status: s3types.BucketVersioningStatus(versioning["status"].(string))}})
	require.NoError(t, err)

	lock := byType[desired.S3BucketObjectLock].Inputs
	retention := lock["rule"].(map[string]any)["defaultRetention"].(map[string]any)
	days := retention["days"].(int)
	_, err = client.PutObjectLockConfiguration(ctx, &s3.PutObjectLockConfigurationInput{Bucket: aws.String(bucket),
		ObjectLockConfiguration: &s3types.ObjectLockConfiguration{
			ObjectLockEnabled: s3types.ObjectLockEnabled(lock["objectLockEnabled"].(string)),
			Rule: &s3types.ObjectLockRule{DefaultRetention: &s3types.DefaultRetention{
				Mode: s3types.ObjectLockRetentionMode(retention["mode"].(string)), Days: aws.Int32(int32(days))}}}})
	require.NoError(t, err)

	rule := byType[desired.S3BucketEncryption].Inputs["rules"].([]any)[0].(map[string]any)
	algorithm := rule["applyServerSideEncryptionByDefault"].(map[string]any)["sseAlgorithm"].(string)
	_, err = client.PutBucketEncryption(ctx, &s3.PutBucketEncryptionInput{Bucket: aws.String(bucket),
		ServerSideEncryptionConfiguration: &s3types.ServerSideEncryptionConfiguration{Rules: []s3types.ServerSideEncryptionRule{{
			ApplyServerSideEncryptionByDefault: &s3types.ServerSideEncryptionByDefault{
				SSEAlgorithm: s3types.ServerSideEncryption(algorithm)}}}}})
	require.NoError(t, err)

	block := byType[desired.S3BucketPublicAccessBlock].Inputs
	_, err = client.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{Bucket: aws.String(bucket),
		PublicAccessBlockConfiguration: &s3types.PublicAccessBlockConfiguration{
			BlockPublicAcls: aws.Bool(block["blockPublicAcls"].(bool)), BlockPublicPolicy: aws.Bool(block["blockPublicPolicy"].(bool)),
			IgnorePublicAcls:      aws.Bool(block["ignorePublicAcls"].(bool)),
			RestrictPublicBuckets: aws.Bool(block["restrictPublicBuckets"].(bool))}})
	require.NoError(t, err)

	// Read back.
	gotLock, err := client.GetObjectLockConfiguration(ctx, &s3.GetObjectLockConfigurationInput{Bucket: aws.String(bucket)})
	require.NoError(t, err)
	assert.Equal(t, s3types.ObjectLockEnabledEnabled, gotLock.ObjectLockConfiguration.ObjectLockEnabled)
	assert.Equal(t, s3types.ObjectLockRetentionModeCompliance, gotLock.ObjectLockConfiguration.Rule.DefaultRetention.Mode)
	assert.Equal(t, int32(35), aws.ToInt32(gotLock.ObjectLockConfiguration.Rule.DefaultRetention.Days),
		"lag-pitr's maxRetentionDays")
	gotVersioning, err := client.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: aws.String(bucket)})
	require.NoError(t, err)
	assert.Equal(t, s3types.BucketVersioningStatusEnabled, gotVersioning.Status)
	gotEncryption, err := client.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: aws.String(bucket)})
	require.NoError(t, err)
	assert.Equal(t, s3types.ServerSideEncryptionAes256,
		gotEncryption.ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.SSEAlgorithm)
	gotBlock, err := client.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: aws.String(bucket)})
	require.NoError(t, err)
	c := gotBlock.PublicAccessBlockConfiguration
	assert.True(t, aws.ToBool(c.BlockPublicAcls) && aws.ToBool(c.BlockPublicPolicy) && aws.ToBool(c.IgnorePublicAcls) &&
		aws.ToBool(c.RestrictPublicBuckets))
	// A report, as AWS Backup's delivery puts it: the default retention
	// locks its version in compliance mode for the retention days.
	key := "Backup/crossaccount/eu-west-2/2028/01/01/BACKUP_JOB_REPORT.csv"
	put, err := client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key),
		Body: bytes.NewReader([]byte("Report Time,Account ID\n")), ACL: s3types.ObjectCannedACLBucketOwnerFullControl,
		ChecksumAlgorithm: s3types.ChecksumAlgorithmSha256})
	require.NoError(t, err)
	require.NotEmpty(t, aws.ToString(put.VersionId))
	head, err := client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key),
		VersionId: put.VersionId})
	require.NoError(t, err)
	assert.Equal(t, s3types.ObjectLockModeCompliance, head.ObjectLockMode)
	assert.WithinDuration(t, time.Now().AddDate(0, 0, days), aws.ToTime(head.ObjectLockRetainUntilDate), 24*time.Hour)

	// The bucket policy, put after the report here: moto enforces it, and
	// only AWS Backup's report delivery may put objects.
	policy := byType[desired.S3BucketPolicy].Inputs["policy"].(string)
	_, err = client.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: aws.String(bucket), Policy: aws.String(policy)})
	require.NoError(t, err, "the planned policy is accepted with every public access block setting on")

	gotPolicy, err := client.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(bucket)})
	require.NoError(t, err)
	var want, got any
	require.NoError(t, json.Unmarshal([]byte(policy), &want))
	require.NoError(t, json.Unmarshal([]byte(aws.ToString(gotPolicy.Policy)), &got))
	assert.Equal(t, want, got)

	_, err = client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key + ".forged"),
		Body: bytes.NewReader([]byte("forged")), ACL: s3types.ObjectCannedACLBucketOwnerFullControl})
	assertRefused(t, err, "a principal other than the reports service-linked role puts an object")
	_, err = client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	assertRefused(t, err, "a delete marker over the report")

	for _, bypass := range []bool{false, true} {
		_, err = client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(key),
			VersionId: put.VersionId, BypassGovernanceRetention: aws.Bool(bypass)})
		assertRefused(t, err, "deleting the report's version")
	}
	// Without the policy (as S3 lets the root user delete it), Object Lock
	// alone still keeps the version.
	_, err = client.DeleteBucketPolicy(ctx, &s3.DeleteBucketPolicyInput{Bucket: aws.String(bucket)})
	require.NoError(t, err, "moto's caller stands for the root user here")
	for _, bypass := range []bool{false, true} {
		_, err = client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(key),
			VersionId: put.VersionId, BypassGovernanceRetention: aws.Bool(bypass)})
		var apiErr smithy.APIError
		require.True(t, errors.As(err, &apiErr), "Object Lock refuses deleting the report's version (bypass %v): %v", bypass, err)
		assert.Equal(t, "AccessDenied", apiErr.ErrorCode())
	}
	_, err = client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), VersionId: put.VersionId})
	assert.NoError(t, err, "the report is still there")
}

// assertRefused checks that S3 refused a request (403).
func assertRefused(t *testing.T, err error, what string) {
	t.Helper()
	var apiErr smithy.APIError
	if assert.True(t, errors.As(err, &apiErr), "%s is refused: %v", what, err) {
		assert.Contains(t, []string{"AccessDenied", "Forbidden"}, apiErr.ErrorCode(), what)
	}
}
