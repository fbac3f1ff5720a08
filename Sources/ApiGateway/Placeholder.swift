// ApiGateway
