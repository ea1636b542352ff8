module quorumlab/raftelection

go 1.19
