// NotificationService
