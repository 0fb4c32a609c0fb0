package naming

// regionShortCodes are the AWS billing codes used in backup plan names
// (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-region-billing-codes.html),
// lower-cased. That page gives ap-southeast-6 (Asia Pacific, New Zealand)
// APS8 and ap-southeast-7 (Thailand) APS9.
var regionShortCodes = map[string]string{
	"us-east-1":      "use1",
	"us-east-2":      "use2",
	"us-west-1":      "usw1",
	"us-west-2":      "usw2",
	"ca-central-1":   "can1",
	"ca-west-1":      "can2",
	"mx-central-1":   "mxc1",
	"af-south-1":     "afs1",
	"ap-east-1":      "ape1",
	"ap-east-2":      "ape2",
	"ap-northeast-1": "apn1",
	"ap-northeast-2": "apn2",
	"ap-northeast-3": "apn3",
	"ap-southeast-1": "aps1",
	"ap-southeast-2": "aps2",
	"ap-south-1":     "aps3",
	"ap-southeast-3": "aps4",
	"ap-south-2":     "aps5",
	"ap-southeast-4": "aps6",
	"ap-southeast-5": "aps7",
	"ap-southeast-6": "aps8",
	"ap-southeast-7": "aps9",
	"eu-west-1":      "eu",
	"eu-central-1":   "euc1",
	"eu-central-2":   "euc2",
	"eu-west-2":      "euw2",
	"eu-west-3":      "euw3",
	"eu-north-1":     "eun1",
	"eu-south-1":     "eus1",
	"eu-south-2":     "eus2",
	"il-central-1":   "ilc1",
	"me-central-1":   "mec1",
	"me-south-1":     "mes1",
	"sa-east-1":      "sae1",
}

// regionsNamedInFull are the regions the validator accepts whose billing
// code the page above does not give: their plan names keep the full region
// name, now and later, so that a code found later never renames their plans.
var regionsNamedInFull = []string{"cn-north-1", "cn-northwest-1", "us-gov-east-1", "us-gov-west-1"}

// partitionRegions lists the regions of each partition that AWS Backup serves.
var partitionRegions = map[string][]string{
	"aws": {
		"af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
		"ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
		"ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
		"ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1",
		"eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1",
		"me-central-1", "me-south-1", "mx-central-1", "sa-east-1",
		"us-east-1", "us-east-2", "us-west-1", "us-west-2",
	},
	"aws-cn":     {"cn-north-1", "cn-northwest-1"},
	"aws-us-gov": {"us-gov-east-1", "us-gov-west-1"},
}

// RegionShortCode is the code a region contributes to backup plan names:
// its billing code, or its name for the regionsNamedInFull.
func RegionShortCode(region string) string {
	if code, ok := regionShortCodes[region]; ok {
		return code
	}
	return region
}

// KnownPartition reports whether the partition is one this package supports.
func KnownPartition(partition string) bool {
	_, ok := partitionRegions[partition]
	return ok
}

// KnownRegion reports whether region belongs to partition.
func KnownRegion(partition, region string) bool {
	for _, r := range partitionRegions[partition] {
		if r == region {
			return true
		}
	}
	return false
}
