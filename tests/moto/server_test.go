//go:build moto

package moto

import (
	"bytes"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/stretchr/testify/require"
)

const (
	// motoStartTimeout bounds how long moto_server may take to answer.
	motoStartTimeout = 60 * time.Second
	// motoLogTail is how much of moto_server's output a failed test shows.
	motoLogTail = 16 << 10
)

// startMoto runs moto_server on a free loopback port until the test ends
// and returns its endpoint.
func startMoto(t *testing.T) string {
	t.Helper()
	python := os.Getenv("ORGBACKUP_MOTO_PYTHON")
	if python == "" {
		t.Fatal("ORGBACKUP_MOTO_PYTHON is not set: run this suite with `make moto-go`, " +
			"which installs the pinned moto and points the variable at the Python that has it")
	}
	port := freePort(t)
	// moto_server.py is moto_server with backup policies added.
	cmd := exec.Command(python, "moto_server.py", "-H", "127.0.0.1", "-p", port)
	// moto preloads AWS managed policies only when asked.
	cmd.Env = append(os.Environ(), "MOTO_IAM_LOAD_MANAGED_POLICIES=true")
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	require.NoError(t, cmd.Start(), "starting moto_server.py with %s", python)
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
		if t.Failed() {
			tail := output.Bytes()
			tail = tail[max(0, len(tail)-motoLogTail):]
			t.Logf("moto_server output, last %d bytes:\n%s", len(tail), tail)
		}
	})

	endpoint := "http://127.0.0.1:" + port
	client := http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(motoStartTimeout)
	for {
		if resp, err := client.Get(endpoint + "/moto-api/"); err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return endpoint
			}
		}
		select {
		case err := <-exited:
			exited <- err // for the cleanup
			t.Fatalf("moto_server exited before answering (%v)", err)
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("moto_server did not answer on %s within %s", endpoint, motoStartTimeout)
		}
	}
}

// freePort returns a loopback TCP port that was free a moment ago.
func freePort(t *testing.T) string {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := listener.Addr().(*net.TCPAddr).Port
	require.NoError(t, listener.Close())
	return strconv.Itoa(port)
}

// resetMoto empties every moto backend.
func resetMoto(t *testing.T, endpoint string) {
	t.Helper()
	resp, err := http.Post(endpoint+"/moto-api/reset", "application/json", nil)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	require.Equal(t, http.StatusOK, resp.StatusCode, "resetting moto")
}

// clients talk to moto only: static fake credentials, the moto endpoint,
// and no retries, which would only repeat moto's errors.
type clients struct {
	endpoint string
	iam      *iam.Client
	orgs     *organizations.Client
	kms      map[string]*kms.Client // by region
}

func newClients(endpoint string) *clients {
	return &clients{
		endpoint: endpoint,
		iam:      iam.NewFromConfig(awsConfig(endpoint, "us-east-1")),
		orgs:     organizations.NewFromConfig(awsConfig(endpoint, "us-east-1")),
		kms:      map[string]*kms.Client{},
	}
}

// kmsIn returns the KMS client of region: moto keeps keys per region.
func (c *clients) kmsIn(region string) *kms.Client {
	if c.kms[region] == nil {
		c.kms[region] = kms.NewFromConfig(awsConfig(c.endpoint, region))
	}
	return c.kms[region]
}

func awsConfig(endpoint, region string) aws.Config {
	return aws.Config{
		Region:       region,
		Credentials:  credentials.NewStaticCredentialsProvider("testing", "testing", ""),
		BaseEndpoint: aws.String(endpoint),
		Retryer:      func() aws.Retryer { return aws.NopRetryer{} },
	}
}
