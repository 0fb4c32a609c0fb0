package naming

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Every region the validator accepts has a billing code, or is listed as
// named in full; a region added to one list without the other fails here,
// before it ships a plan name that a later code would rename.
func TestEveryAcceptedRegionHasAShortCode(t *testing.T) {
	accepted := map[string]bool{}
	for _, regions := range partitionRegions {
		for _, r := range regions {
			accepted[r] = true
			_, coded := regionShortCodes[r]
			assert.NotEqual(t, coded, slices.Contains(regionsNamedInFull, r),
				"%s needs exactly one of a billing code or an entry in regionsNamedInFull", r)
		}
	}
	for r := range regionShortCodes {
		assert.True(t, accepted[r], "%s has a code but the validator does not accept it", r)
	}
	for _, r := range regionsNamedInFull {
		assert.True(t, accepted[r], "%s is named in full but the validator does not accept it", r)
	}
}

// Two regions with one code would give their plans the same keys.
func TestShortCodesAreUnique(t *testing.T) {
	seen := map[string]string{}
	for _, regions := range partitionRegions {
		for _, r := range regions {
			code := RegionShortCode(r)
			if other, dup := seen[code]; dup {
				t.Errorf("%s and %s share the code %s", r, other, code)
			}
			seen[code] = r
		}
	}
}

// The billing codes of AWS's page
// (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-region-billing-codes.html).
func TestRegionShortCodes(t *testing.T) {
	for region, code := range map[string]string{
		"us-east-1": "use1", "eu-west-1": "eu", "eu-west-2": "euw2", "ap-east-2": "ape2",
		"ap-southeast-6": "aps8", "ap-southeast-7": "aps9", "mx-central-1": "mxc1",
		"us-gov-west-1": "us-gov-west-1",
	} {
		assert.Equal(t, code, RegionShortCode(region), region)
	}
}
