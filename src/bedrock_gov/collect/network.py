"""VPCs and VPC endpoints in one Region (DescribeVpcs, DescribeVpcEndpoints), and which VPCs are in
use (DescribeNetworkInterfaces: only the VPC of each interface is kept). Three paginated calls per
Region, however many VPCs there are."""

from __future__ import annotations

from bedrock_gov.collect.api_values import optional_text
from bedrock_gov.collect.aws_calls import ClientFactory, pages
from bedrock_gov.snapshot.document import Vpc, VpcEndpoint

PAGE_SIZE = 1000


def read_network(clients: ClientFactory) -> tuple[list[Vpc], list[VpcEndpoint]]:
    """The Region's VPCs (each saying whether a network interface sits in it) and VPC endpoints."""
    ec2 = clients("ec2")
    used: set[str] = set()
    for page in pages(ec2.describe_network_interfaces, "NextToken", "NextToken", MaxResults=PAGE_SIZE):
        used.update(
            str(interface["VpcId"]) for interface in page.get("NetworkInterfaces") or [] if interface.get("VpcId")
        )
    vpcs = [
        Vpc(id=str(vpc["VpcId"]), in_use=vpc["VpcId"] in used)
        for page in pages(ec2.describe_vpcs, "NextToken", "NextToken", MaxResults=PAGE_SIZE)
        for vpc in page.get("Vpcs") or []
        if vpc.get("VpcId")
    ]
    endpoints = [
        VpcEndpoint(
            id=str(endpoint.get("VpcEndpointId")),
            vpc_id=optional_text(endpoint.get("VpcId")),
            service_name=optional_text(endpoint.get("ServiceName")),
            state=optional_text(endpoint.get("State")),
        )
        for page in pages(ec2.describe_vpc_endpoints, "NextToken", "NextToken", MaxResults=PAGE_SIZE)
        for endpoint in page.get("VpcEndpoints") or []
    ]
    return vpcs, endpoints
