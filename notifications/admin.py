from __future__ import annotations

from django.contrib import admin

from .models import Follow, Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created", "recipient", "kind", "title", "read_at", "emailed_at")
    list_filter = ("kind",)
    raw_id_fields = ("recipient", "actor")


admin.site.register(Preference)
admin.site.register(Follow)
