from django.urls import path

from onrecord.api.api import api

urlpatterns = [path("api/v1/", api.urls)]
