-- CreateTable
CREATE TABLE "InstallationSetting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "InstallationSetting_pkey" PRIMARY KEY ("key")
);
