// ContractProcessor
